namespace Candor.Formats;

/// <summary>
/// One splice of a file: <see cref="Removed"/> bytes from <see cref="Offset"/> are replaced by
/// <see cref="Inserted"/> (no bytes removed: an insertion; nothing inserted: a removal).
/// </summary>
/// <param name="Offset">Offset in the source file where the splice starts.</param>
/// <param name="Removed">How many source bytes the splice drops.</param>
/// <param name="Inserted">The bytes written in their place.</param>
public sealed record ContainerEdit(long Offset, long Removed, ReadOnlyMemory<byte> Inserted)
{
    /// <summary>Offset in the source just past the bytes the splice drops.</summary>
    public long End => Offset + Removed;
}
