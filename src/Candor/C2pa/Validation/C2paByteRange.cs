namespace Candor.C2pa.Validation;

/// <summary>A range of bytes in the asset file: absolute start and length.</summary>
/// <param name="Start">Offset of the first byte.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct C2paByteRange(long Start, long Length)
{
    /// <summary>Offset just past the last byte.</summary>
    public long End => Start + Length;

    /// <inheritdoc />
    public override string ToString() => $"{Start}+{Length}";
}
