namespace Candor.Datasets;

/// <summary>
/// Reads a byte stream line by line (lines end with LF; a CR before it is dropped) without ever holding more than
/// one line, and never a line longer than a limit: a longer line is skipped to its end and reported as such.
/// </summary>
internal sealed class LineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;

    /// <summary>The line number (from 1) of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The next line without its line ending, valid until the next call; <paramref name="tooLong"/> is true (and the
    /// line empty) when it was longer than the limit. False at the end of the stream.
    /// </summary>
    public bool ReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = tooLong ? ReadOnlyMemory<byte>.Empty : Trim(_buffer.AsMemory(_start, length));
                _start += length + 1;
                LineNumber++;
                return true;
            }
            scanned = _end - _start;
            if (scanned > maxLineBytes)
            {
                // Drop what is buffered and keep reading to the line's end.
                tooLong = true;
                _start = _end = 0;
                scanned = 0;
            }
            if (_eof)
            {
                if (_end == _start && !tooLong)
                {
                    line = default;
                    return false;
                }
                line = tooLong ? ReadOnlyMemory<byte>.Empty : Trim(_buffer.AsMemory(_start, _end - _start));
                _start = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
