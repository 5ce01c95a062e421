namespace Candor.Formats;

/// <summary>
/// The change a container handler makes to a file, as a list of splices on the source bytes
/// (64-bit offsets). Everything no splice names is copied unchanged, by streaming from the source
/// to a destination, so the file never has to fit in memory. Splices must not overlap; insertions
/// at one offset keep the order they were added in and come before a splice that removes bytes there.
/// </summary>
public sealed class ContainerEdits
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly List<ContainerEdit> _edits = [];

    /// <summary>Replaces <paramref name="length"/> bytes at <paramref name="offset"/> with <paramref name="bytes"/>.</summary>
    public ContainerEdit Replace(long offset, long length, ReadOnlyMemory<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var edit = new ContainerEdit(offset, length, bytes);
        _edits.Add(edit);
        return edit;
    }

    /// <summary>Inserts <paramref name="bytes"/> before the source byte at <paramref name="offset"/>.</summary>
    public ContainerEdit Insert(long offset, ReadOnlyMemory<byte> bytes) => Replace(offset, 0, bytes);

    /// <summary>Drops <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    public ContainerEdit Remove(long offset, long length) => Replace(offset, length, ReadOnlyMemory<byte>.Empty);

    /// <summary>Length of the result for a source of <paramref name="sourceLength"/> bytes.</summary>
    public long ResultLength(long sourceLength)
    {
        var length = sourceLength;
        foreach (var e in _edits) length += e.Inserted.Length - e.Removed;
        return length;
    }

    /// <summary>Where the bytes <paramref name="edit"/> inserts begin in the result.</summary>
    public long ResultOffset(ContainerEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var shift = 0L;
        foreach (var e in Sorted())
        {
            if (ReferenceEquals(e, edit)) return edit.Offset + shift;
            shift += e.Inserted.Length - e.Removed;
        }
        throw new ArgumentException("the edit is not part of this list", nameof(edit));
    }

    /// <summary>
    /// Writes the source with every splice applied to <paramref name="destination"/>, reading
    /// <paramref name="source"/> from its start (it must be seekable) to its end.
    /// </summary>
    /// <exception cref="CandorFormatException">The source ends before a splice (kind <see cref="FormatErrorKind.Truncated"/>).</exception>
    public void Apply(Stream source, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sorted = Sorted();
        var sourceLength = source.Length;
        if (sorted.Count > 0 && sorted[^1].End > sourceLength)
            throw new CandorFormatException($"the file has {sourceLength} bytes, fewer than the edits need ({sorted[^1].End})", sourceLength, kind: FormatErrorKind.Truncated);
        source.Position = 0;
        var buffer = new byte[CopyBufferSize];
        var pos = 0L;
        foreach (var edit in sorted)
        {
            Copy(source, destination, buffer, edit.Offset - pos, pos);
            destination.Write(edit.Inserted.Span);
            source.Seek(edit.Removed, SeekOrigin.Current);
            pos = edit.End;
        }
        Copy(source, destination, buffer, sourceLength - pos, pos);
    }

    /// <summary>The source with every splice applied, in memory.</summary>
    /// <exception cref="CandorFormatException">The result would be larger than an array can hold (kind <see cref="FormatErrorKind.LimitExceeded"/>).</exception>
    public byte[] ApplyTo(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var length = ResultLength(source.LongLength);
        if (length > Array.MaxLength)
            throw new CandorFormatException($"the result would be {length} bytes, more than can be held in memory", -1, kind: FormatErrorKind.LimitExceeded);
        var output = new byte[length];
        using var input = new MemoryStream(source, writable: false);
        using var destination = new MemoryStream(output);
        Apply(input, destination);
        return output;
    }

    private List<ContainerEdit> Sorted()
    {
        var sorted = _edits.Select((e, i) => (Edit: e, Order: i))
            .OrderBy(x => x.Edit.Offset).ThenBy(x => x.Edit.Removed).ThenBy(x => x.Order)
            .Select(x => x.Edit).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Offset < sorted[i - 1].End)
                throw new InvalidOperationException($"edits overlap at byte {sorted[i].Offset}");
        return sorted;
    }

    private static void Copy(Stream source, Stream destination, byte[] buffer, long count, long at)
    {
        while (count > 0)
        {
            var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0) throw new CandorFormatException($"the file ends at byte {at} while it is copied", at, kind: FormatErrorKind.Truncated);
            destination.Write(buffer, 0, n);
            count -= n;
            at += n;
        }
    }
}
