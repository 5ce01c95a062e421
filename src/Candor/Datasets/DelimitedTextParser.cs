using System.Text;

namespace Candor.Datasets;

/// <summary>
/// Splits delimited text (CSV, TSV) into records, streaming: RFC 4180 fields separated by the delimiter, records ended
/// by CRLF, LF or CR; a field that starts with a double quote runs to the next lone double quote, may hold delimiters
/// and line breaks, and writes a double quote as two. Like Python's csv module (which pandas and img2dataset use),
/// text after a closing quote and before the next delimiter is kept as part of the field rather than rejected.
/// </summary>
/// <remarks>
/// A record longer than <c>maxRecordChars</c> stops the parse with <see cref="CandorFormatException"/>
/// (<see cref="FormatErrorKind.LimitExceeded"/>): that is what a quote never closed looks like, and nothing after it
/// can be split reliably. A line with nothing on it is not a record.
/// </remarks>
internal sealed class DelimitedTextParser(TextReader reader, char delimiter, int maxRecordChars = DelimitedTextParser.DefaultMaxRecordChars)
{
    /// <summary>The longest record read by default: 16 Mi characters.</summary>
    public const int DefaultMaxRecordChars = 16 << 20;

    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private int _position, _length;
    private long _line = 1;

    /// <summary>The line (from 1) on which the record last returned by <see cref="ReadRecord"/> starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>True when the record last returned ended inside a quoted field at the end of the input.</summary>
    public bool UnclosedQuote { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first); false at the end of the input.</summary>
    /// <exception cref="CandorFormatException">The record is longer than the limit.</exception>
    public bool ReadRecord(List<string> fields)
    {
        fields.Clear();
        UnclosedQuote = false;
        while (true)
        {
            RecordLine = _line;
            var recordChars = 0;
            _field.Clear();
            var state = State.FieldStart;
            var sawQuote = false;
            while (true)
            {
                if (_position == _length && !Fill())
                {
                    // End of input: an open record is complete; an empty one means there was nothing left.
                    if (state == State.Quoted) UnclosedQuote = true;
                    if (fields.Count == 0 && _field.Length == 0 && !sawQuote && state == State.FieldStart) return false;
                    fields.Add(_field.ToString());
                    return true;
                }
                var c = _buffer[_position++];
                if (++recordChars > maxRecordChars)
                    throw new CandorFormatException($"the record starting on line {RecordLine} is longer than {maxRecordChars} characters (a quote that is never closed?)", kind: FormatErrorKind.LimitExceeded, block: $"line {RecordLine}");
                switch (state)
                {
                    case State.Quoted:
                        if (c == '"')
                        {
                            state = State.QuoteInQuoted;
                            continue;
                        }
                        if (c == '\n' || (c == '\r' && !NextIs('\n'))) _line++;
                        _field.Append(c);
                        continue;
                    case State.QuoteInQuoted:
                        if (c == '"')
                        {
                            _field.Append('"');
                            state = State.Quoted;
                            continue;
                        }
                        state = State.Unquoted;
                        break;
                    case State.FieldStart when c == '"':
                        state = State.Quoted;
                        sawQuote = true;
                        continue;
                }
                if (c == delimiter)
                {
                    fields.Add(_field.ToString());
                    _field.Clear();
                    state = State.FieldStart;
                    continue;
                }
                if (c is '\n' or '\r')
                {
                    if (c == '\r' && NextIs('\n')) _position++;
                    _line++;
                    if (fields.Count == 0 && _field.Length == 0 && !sawQuote) break; // a blank line
                    fields.Add(_field.ToString());
                    return true;
                }
                _field.Append(c);
                state = State.Unquoted;
            }
        }
    }

    private bool NextIs(char c)
    {
        if (_position == _length && !Fill()) return false;
        return _buffer[_position] == c;
    }

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
}
