namespace Candor.Provenance;

/// <summary>
/// Where a fact came from: the block ("PNG tEXt", "EXIF ExifIFD", "XMP", "C2PA manifest"),
/// the key inside it ("parameters", "UserComment"), optionally a 1-based line of a multi-line
/// value, and the byte offset of the block in the file.
/// </summary>
public sealed record Evidence(string Block, string? Key = null, int? Line = null, long? Offset = null)
{
    /// <summary>Same evidence, pointing at a line of the value.</summary>
    public Evidence AtLine(int line) => this with { Line = line };

    /// <summary>Same evidence, pointing at a sub-key of the value (e.g. a JSON property).</summary>
    public Evidence Sub(string subKey) => this with { Key = Key is null ? subKey : $"{Key} → {subKey}" };

    /// <inheritdoc />
    public override string ToString()
    {
        var s = Block;
        if (Key is not null) s += $" '{Key}'";
        if (Line is not null) s += $", line {Line}";
        if (Offset is not null) s += $" @ {Offset}";
        return s;
    }
}
