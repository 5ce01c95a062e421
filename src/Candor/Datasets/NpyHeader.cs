using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Candor.Datasets;

/// <summary>
/// The header of a NumPy <c>.npy</c> file, read and written.
/// </summary>
/// <remarks>
/// Layout (NumPy format versions 1.0, 2.0, 3.0):
/// <code>
///   0  6  magic "\x93NUMPY"
///   6  1  major version (1, 2 or 3)
///   7  1  minor version (0)
///   8  2  header length, uint16 LE (version 1)   |  8  4  header length, uint32 LE (versions 2 and 3)
///  10     header: a Python dict literal, ASCII (UTF-8 in 3.0), e.g.
///         {'descr': '&lt;f4', 'fortran_order': False, 'shape': (7, 512), }
///         padded with spaces and ended by '\n' so that the data starts at a multiple of 64 (16 in old files)
///         data: shape[0] × shape[1] elements, C order (row after row), no padding
/// </code>
/// Candor reads float16 and float32 (either byte order) of shape (n, d), or (d,) read as one row; anything else is
/// <see cref="FormatErrorKind.Unsupported"/>.
/// </remarks>
internal sealed record NpyHeader(NpyElement Element, bool BigEndian, long Rows, int Columns, long DataOffset)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Bytes per element.</summary>
    public int ElementSize => Element == NpyElement.Float16 ? 2 : 4;

    /// <summary>Reads the header from the start of <paramref name="stream"/>.</summary>
    /// <exception cref="CandorFormatException">Not an .npy file, a header that does not parse, or a type or shape Candor does not read.</exception>
    public static NpyHeader Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[12];
        var got = stream.ReadAtLeast(prefix, 12, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new CandorFormatException("not a NumPy .npy file: it does not start with \"\\x93NUMPY\"", 0);
        var major = prefix[6];
        if (major is not (1 or 2 or 3))
            throw new CandorFormatException($".npy format version {major}.{prefix[7]} is not read (1.0, 2.0 and 3.0 are)", 6, kind: FormatErrorKind.Unsupported);
        if (major > 1 && got < 12) throw new CandorFormatException("the .npy header length is cut off", got, kind: FormatErrorKind.Truncated);
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        var start = major == 1 ? 10 : 12;
        if (headerLength > MaxHeaderBytes)
            throw new CandorFormatException($"the .npy header claims {headerLength} bytes; more than {MaxHeaderBytes} is not read", 8, kind: FormatErrorKind.LimitExceeded);
        var header = new byte[headerLength];
        stream.Seek(start, SeekOrigin.Begin);
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new CandorFormatException($"the .npy header claims {headerLength} bytes but the file ends before", start, kind: FormatErrorKind.Truncated);
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        return Parse(text, start + headerLength, start);
    }

    /// <summary>The header describing <paramref name="rows"/> × <paramref name="columns"/> little-endian elements, padded to 64 bytes.</summary>
    public static byte[] Format(NpyElement element, long rows, int columns)
    {
        var descr = element == NpyElement.Float16 ? "<f2" : "<f4";
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        // Version 1.0 fits any 2-D shape: the dict is far below 65535 bytes.
        var total = 10 + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var bytes = new byte[padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)(padded - 10));
        Encoding.ASCII.GetBytes(dict, bytes.AsSpan(10));
        bytes.AsSpan(10 + dict.Length, padded - 10 - dict.Length - 1).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static NpyHeader Parse(string text, long dataOffset, long headerOffset)
    {
        var parser = new LiteralParser(text, headerOffset);
        var dict = parser.ParseDict();
        if (!dict.TryGetValue("descr", out var descrValue) || descrValue is not string descr)
            throw parser.Error("the header has no 'descr' string");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<long> shape)
            throw parser.Error("the header has no 'shape' tuple");
        var fortran = dict.TryGetValue("fortran_order", out var f) && f is true;
        if (descr.Length != 3 || descr[0] is not ('<' or '>' or '=' or '|') || descr[1] != 'f' || descr[2] is not ('2' or '4'))
            throw new CandorFormatException($".npy element type '{descr}' is not read (float16 '<f2' and float32 '<f4' are)", headerOffset, "npy header", kind: FormatErrorKind.Unsupported);
        var element = descr[2] == '2' ? NpyElement.Float16 : NpyElement.Float32;
        long rows;
        long columns;
        switch (shape.Count)
        {
            case 1:
                rows = 1;
                columns = shape[0];
                break;
            case 2 when !fortran || shape[0] == 1 || shape[1] == 1:
                rows = shape[0];
                columns = shape[1];
                break;
            case 2:
                throw new CandorFormatException(".npy array is in Fortran (column) order; only C order is read", headerOffset, "npy header", kind: FormatErrorKind.Unsupported);
            default:
                throw new CandorFormatException($".npy array has {shape.Count} dimensions; (rows, columns) or (columns,) is read", headerOffset, "npy header", kind: FormatErrorKind.Unsupported);
        }
        if (columns * 4 > int.MaxValue || rows < 0 || columns < 0)
            throw new CandorFormatException($".npy shape ({rows}, {columns}) is out of range", headerOffset, "npy header", kind: FormatErrorKind.LimitExceeded);
        return new NpyHeader(element, descr[0] == '>', rows, (int)columns, dataOffset);
    }

    /// <summary>A parser for the subset of Python literals .npy headers use: dicts, strings, True/False/None, integers, tuples.</summary>
    private ref struct LiteralParser(string text, long offset)
    {
        private int _i;

        public Dictionary<string, object?> ParseDict()
        {
            Skip();
            Expect('{');
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                Skip();
                if (Peek() == '}')
                {
                    _i++;
                    return dict;
                }
                if (ParseValue() is not string key) throw Error("a dict key is not a string");
                Skip();
                Expect(':');
                dict[key] = ParseValue();
                Skip();
                if (Peek() == ',') _i++;
                else if (Peek() != '}') throw Error("expected ',' or '}'");
            }
        }

        private object? ParseValue()
        {
            Skip();
            var c = Peek();
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, _i + 1);
                if (end < 0) throw Error("a string is not closed");
                var s = text[(_i + 1)..end];
                _i = end + 1;
                return s;
            }
            if (c is '(' or '[')
            {
                var close = c == '(' ? ')' : ']';
                _i++;
                var items = new List<long>();
                while (true)
                {
                    Skip();
                    if (Peek() == close)
                    {
                        _i++;
                        return items;
                    }
                    if (ParseValue() is not long n) throw Error("a shape entry is not an integer");
                    items.Add(n);
                    Skip();
                    if (Peek() == ',') _i++;
                    else if (Peek() != close) throw Error($"expected ',' or '{close}'");
                }
            }
            if (char.IsAsciiDigit(c))
            {
                var start = _i;
                while (_i < text.Length && char.IsAsciiDigit(text[_i])) _i++;
                if (!long.TryParse(text.AsSpan(start, _i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw Error("an integer is too large");
                if (_i < text.Length && text[_i] == 'L') _i++; // Python 2 long
                return n;
            }
            foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
                if (string.CompareOrdinal(text, _i, word, 0, word.Length) == 0)
                {
                    _i += word.Length;
                    return value;
                }
            throw Error($"unexpected '{c}'");
        }

        private readonly char Peek() => _i < text.Length ? text[_i] : '\0';

        private void Skip()
        {
            while (_i < text.Length && char.IsWhiteSpace(text[_i])) _i++;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Error($"expected '{c}'");
            _i++;
        }

        public readonly CandorFormatException Error(string message) =>
            new($"the .npy header does not parse: {message} (at character {_i} of \"{Shorten(text)}\")", offset + _i, "npy header");

        private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s.TrimEnd();
    }
}
