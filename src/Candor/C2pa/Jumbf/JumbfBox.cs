namespace Candor.C2pa.Jumbf;

/// <summary>
/// One JUMBF box as it sits in the data: its type, its exact byte range (absolute offsets, so a
/// later check can hash the original bytes), and for a <c>jumb</c> superbox its description and
/// children. The byte memories are slices of the buffer that was read, not copies.
/// </summary>
public sealed class JumbfBox
{
    /// <summary>Box type as written (TBox), e.g. "jumb", "cbor", "json", "bfdb", "bidb", "c2sh".</summary>
    public required string Type { get; init; }

    /// <summary>Absolute offset of the box's first byte (its LBox).</summary>
    public required long Offset { get; init; }

    /// <summary>Header length: 8, or 16 with an extended (XLBox) length.</summary>
    public required int HeaderLength { get; init; }

    /// <summary>The whole box, header included.</summary>
    public required ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>Total length in bytes, header included.</summary>
    public long Length => Bytes.Length;

    /// <summary>The box's payload (everything after the header).</summary>
    public ReadOnlyMemory<byte> Payload => Bytes[HeaderLength..];

    /// <summary>Absolute offset of the payload.</summary>
    public long PayloadOffset => Offset + HeaderLength;

    /// <summary>For a superbox: its <c>jumd</c> description; null for other boxes.</summary>
    public JumbfDescription? Description { get; init; }

    /// <summary>For a superbox: the <c>jumd</c> box itself (the first child), whose bytes are part of what C2PA hashes.</summary>
    public JumbfBox? DescriptionBox { get; init; }

    /// <summary>For a superbox: the boxes after the description, in order; empty for other boxes.</summary>
    public IReadOnlyList<JumbfBox> Children { get; init; } = [];

    /// <summary>True for a <c>jumb</c> superbox.</summary>
    public bool IsSuperbox => Description is not null;

    /// <summary>The superbox's label, or null.</summary>
    public string? Label => Description?.Label;

    /// <summary>The first child superbox with this label, or null.</summary>
    public JumbfBox? ChildWithLabel(string label)
    {
        foreach (var child in Children)
            if (child.IsSuperbox && string.Equals(child.Label, label, StringComparison.Ordinal)) return child;
        return null;
    }

    /// <summary>The first child that is not a superbox (the content box of a C2PA assertion, claim or signature), or null.</summary>
    public JumbfBox? FirstContentBox()
    {
        foreach (var child in Children)
            if (!child.IsSuperbox) return child;
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Label is null ? $"{Type} @ {Offset} ({Length} bytes)" : $"{Type} '{Label}' @ {Offset} ({Length} bytes)";
}
