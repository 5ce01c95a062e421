namespace Candor.Curation;

/// <summary>
/// Splits a byte stream into records exactly as written, line ending included, so kept records can be copied
/// verbatim. A record ends at a line feed; with <c>quoted</c> (CSV/TSV) a line feed inside double quotes does not end it.
/// A record longer than the limit is skipped to its end and reported as too long.
/// </summary>
internal sealed class RawRecordReader(Stream stream, bool quoted, int maxRecordBytes = 16 << 20)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;

    /// <summary>The line (from 1) the record last returned starts on.</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>
    /// The next record, terminator included, valid until the next call. <paramref name="tooLong"/>: it was longer than
    /// the limit (and is empty). <paramref name="unclosed"/>: the stream ended inside a quoted field. False at the end.
    /// </summary>
    public bool Next(out ReadOnlySpan<byte> record, out bool tooLong, out bool unclosed)
    {
        tooLong = unclosed = false;
        var scanned = 0;
        var inQuotes = false;
        long newlines = 0;
        while (true)
        {
            var span = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var found = -1;
            for (var i = 0; i < span.Length;)
            {
                var next = quoted ? span[i..].IndexOfAny((byte)'\n', (byte)'"') : span[i..].IndexOf((byte)'\n');
                if (next < 0) break;
                i += next;
                if (span[i] == (byte)'"') inQuotes = !inQuotes;
                else if (!inQuotes)
                {
                    found = i;
                    break;
                }
                else newlines++;
                i++;
            }
            if (found >= 0)
            {
                var length = scanned + found + 1;
                record = tooLong ? default : _buffer.AsSpan(_start, length);
                _start += length;
                Line = _nextLine;
                _nextLine += newlines + 1;
                return true;
            }
            // Count the quoted line feeds of the part scanned so far only once: rescanning starts after it.
            scanned = _end - _start;
            if (scanned > maxRecordBytes)
            {
                tooLong = true;
                _start = _end = 0;
                scanned = 0;
            }
            if (_eof)
            {
                if (_end == _start && !tooLong)
                {
                    record = default;
                    return false;
                }
                unclosed = inQuotes;
                record = tooLong ? default : _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                Line = _nextLine;
                _nextLine += newlines + 1;
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
}
