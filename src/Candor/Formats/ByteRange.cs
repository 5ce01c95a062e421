namespace Candor.Formats;

/// <summary>A range of bytes in a file: absolute start and length, 64-bit.</summary>
/// <param name="Start">Offset of the first byte.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>Offset just past the last byte.</summary>
    public long End => Start + Length;

    /// <inheritdoc />
    public override string ToString() => $"{Start}+{Length}";
}
