namespace Candor.Disclose;

/// <summary>
/// A list of splices on a file: replace <c>[start, start + length)</c> with new bytes (length 0
/// inserts, empty bytes remove). Everything not named by an edit is copied unchanged.
/// </summary>
internal sealed class ByteEdits
{
    private readonly List<(long Start, long Length, byte[] Bytes, int Order)> _edits = [];

    public void Replace(long start, long length, byte[] bytes) => _edits.Add((start, length, bytes, _edits.Count));

    public void Insert(long at, byte[] bytes) => Replace(at, 0, bytes);

    public void Remove(long start, long length) => Replace(start, length, []);

    /// <summary>The file with every edit applied; edits must not overlap (insertions at one offset keep the order they were added in).</summary>
    public byte[] ApplyTo(ReadOnlySpan<byte> file)
    {
        var sorted = _edits.OrderBy(e => e.Start).ThenBy(e => e.Length).ThenBy(e => e.Order).ToList();
        var size = (long)file.Length;
        foreach (var e in sorted) size += e.Bytes.Length - e.Length;
        var output = new byte[size];
        var pos = 0L;
        var at = 0;
        foreach (var (start, length, bytes, _) in sorted)
        {
            if (start < pos) throw new InvalidOperationException($"edits overlap at byte {start}");
            file[(int)pos..(int)start].CopyTo(output.AsSpan(at));
            at += (int)(start - pos);
            bytes.CopyTo(output, at);
            at += bytes.Length;
            pos = start + length;
        }
        file[(int)pos..].CopyTo(output.AsSpan(at));
        return output;
    }
}
