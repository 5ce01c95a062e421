using System.Buffers.Binary;
using System.Text;

namespace Candor.C2pa.Cbor;

// CBOR data item (RFC 8949 §3), the layout this reader walks:
//
//   initial byte   MMM AAAAA      M = major type (0..7), A = additional information
//   A 0..23        the argument is A itself
//   A 24|25|26|27  the argument follows in 1|2|4|8 bytes, big-endian
//   A 28..30       reserved: malformed
//   A 31           indefinite length (major 2, 3, 4, 5) or "break" 0xFF (major 7)
//
//   major 0  unsigned integer = argument            major 1  negative integer = -1 - argument
//   major 2  byte string, argument = length         major 3  text string (UTF-8), argument = length
//   major 4  array, argument = item count           major 5  map, argument = pair count (key, value, ...)
//   major 6  tag number = argument, one item follows
//   major 7  20 false, 21 true, 22 null, 23 undefined, 24 simple value in the next byte (>= 32),
//            25 half float (2 bytes), 26 single (4), 27 double (8), 0..19 simple values
//
//   Indefinite strings are a sequence of definite chunks of the same major type ended by 0xFF;
//   indefinite arrays and maps are items ended by 0xFF (a map's break must follow a value).

/// <summary>
/// A forward-only RFC 8949 CBOR reader over a span, in the shape of System.Formats.Cbor's reader:
/// <see cref="PeekState"/> says what comes next, a Read method consumes it. It allocates only for
/// the values it returns (strings, byte arrays) and a small stack of open containers. Every
/// declared length is checked against the bytes that remain, nesting is capped, text must be
/// valid UTF-8; anything else raises <see cref="CandorFormatException"/> with the absolute offset.
/// </summary>
public ref struct CborReader
{
    /// <summary>Default cap on nested arrays, maps and tags.</summary>
    public const int DefaultMaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _baseOffset;
    private readonly int _maxDepth;
    private int _pos;
    private Frame[]? _frames;
    private int _depth;
    private bool _rootDone;
    private bool _tagPending;

    private struct Frame
    {
        public bool IsMap;
        public bool Indefinite;
        public long Remaining;
        public long ItemsRead;
    }

    /// <summary>Creates a reader over <paramref name="data"/>, which starts at absolute offset <paramref name="baseOffset"/> in the file (used in error messages).</summary>
    public CborReader(ReadOnlySpan<byte> data, long baseOffset = 0, int maxDepth = DefaultMaxDepth)
    {
        _data = data;
        _baseOffset = baseOffset;
        _maxDepth = maxDepth < 1 ? 1 : maxDepth;
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int BytesConsumed => _pos;

    /// <summary>Bytes not yet read.</summary>
    public readonly int BytesRemaining => _data.Length - _pos;

    /// <summary>Absolute offset of the next byte (base offset + <see cref="BytesConsumed"/>).</summary>
    public readonly long Offset => _baseOffset + _pos;

    /// <summary>Says what the next token is without consuming it.</summary>
    public CborReaderState PeekState()
    {
        if (_depth > 0)
        {
            ref var frame = ref _frames![_depth - 1];
            if (!frame.Indefinite && frame.Remaining == 0) return frame.IsMap ? CborReaderState.EndMap : CborReaderState.EndArray;
        }
        else if (_rootDone)
        {
            return CborReaderState.Finished;
        }
        if (_pos >= _data.Length) throw Error("the data ends inside a value", _pos, FormatErrorKind.Truncated);
        var initial = _data[_pos];
        if (initial == 0xFF)
        {
            if (_depth == 0 || !_frames![_depth - 1].Indefinite || _tagPending) throw Error("a break byte (0xFF) where no indefinite-length item is open", _pos);
            ref var frame = ref _frames[_depth - 1];
            if (frame.IsMap && (frame.ItemsRead & 1) == 1) throw Error("an indefinite-length map ends after a key without its value", _pos);
            return frame.IsMap ? CborReaderState.EndMap : CborReaderState.EndArray;
        }
        var major = initial >> 5;
        var info = initial & 0x1F;
        if (info is >= 28 and <= 30) throw Error($"reserved additional information {info} in initial byte 0x{initial:X2}", _pos);
        if (info == 31 && major is 0 or 1 or 6) throw Error($"major type {major} cannot have an indefinite length", _pos);
        return major switch
        {
            0 => CborReaderState.UnsignedInteger,
            1 => CborReaderState.NegativeInteger,
            2 => info == 31 ? CborReaderState.StartIndefiniteLengthByteString : CborReaderState.ByteString,
            3 => info == 31 ? CborReaderState.StartIndefiniteLengthTextString : CborReaderState.TextString,
            4 => CborReaderState.StartArray,
            5 => CborReaderState.StartMap,
            6 => CborReaderState.Tag,
            _ => info switch
            {
                20 or 21 => CborReaderState.Boolean,
                22 => CborReaderState.Null,
                23 => CborReaderState.Undefined,
                25 => CborReaderState.HalfPrecisionFloat,
                26 => CborReaderState.SinglePrecisionFloat,
                27 => CborReaderState.DoublePrecisionFloat,
                _ => CborReaderState.SimpleValue,
            },
        };
    }

    /// <summary>Reads the start of a map; returns its pair count, or null for an indefinite-length map.</summary>
    public int? ReadStartMap() => ReadStartContainer(isMap: true);

    /// <summary>Reads the end of the current map (consumes the break byte of an indefinite-length map).</summary>
    public void ReadEndMap() => ReadEndContainer(isMap: true);

    /// <summary>Reads the start of an array; returns its item count, or null for an indefinite-length array.</summary>
    public int? ReadStartArray() => ReadStartContainer(isMap: false);

    /// <summary>Reads the end of the current array (consumes the break byte of an indefinite-length array).</summary>
    public void ReadEndArray() => ReadEndContainer(isMap: false);

    /// <summary>Reads a text string, definite or made of indefinite-length chunks; the bytes must be valid UTF-8.</summary>
    public string ReadTextString()
    {
        var state = Expect(CborReaderState.TextString, CborReaderState.StartIndefiniteLengthTextString);
        if (state == CborReaderState.TextString)
        {
            var start = _pos;
            var bytes = ReadDefiniteStringBytes();
            var text = DecodeUtf8(bytes, start);
            CompleteItem();
            return text;
        }
        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _data.Length) throw Error("the data ends inside an indefinite-length text string", _pos, FormatErrorKind.Truncated);
            if (_data[_pos] == 0xFF) { _pos++; break; }
            if (_data[_pos] >> 5 != 3 || (_data[_pos] & 0x1F) == 31) throw Error("a chunk of an indefinite-length text string is not a definite text string", _pos);
            var chunkStart = _pos;
            builder.Append(DecodeUtf8(ReadDefiniteStringBytes(), chunkStart));
        }
        CompleteItem();
        return builder.ToString();
    }

    /// <summary>Reads a byte string, definite or made of indefinite-length chunks, into a new array.</summary>
    public byte[] ReadByteString()
    {
        var state = Expect(CborReaderState.ByteString, CborReaderState.StartIndefiniteLengthByteString);
        if (state == CborReaderState.ByteString)
        {
            var bytes = ReadDefiniteStringBytes().ToArray();
            CompleteItem();
            return bytes;
        }
        var start = _pos;
        _pos++;
        var total = 0;
        while (true)
        {
            if (_pos >= _data.Length) throw Error("the data ends inside an indefinite-length byte string", _pos, FormatErrorKind.Truncated);
            if (_data[_pos] == 0xFF) { _pos++; break; }
            if (_data[_pos] >> 5 != 2 || (_data[_pos] & 0x1F) == 31) throw Error("a chunk of an indefinite-length byte string is not a definite byte string", _pos);
            total += ReadDefiniteStringBytes().Length;
        }
        // Second pass copies the chunks: the first proved the layout and the total size.
        var result = new byte[total];
        var end = _pos;
        _pos = start + 1;
        var written = 0;
        while (_pos < end - 1)
        {
            var chunk = ReadDefiniteStringBytes();
            chunk.CopyTo(result.AsSpan(written));
            written += chunk.Length;
        }
        _pos = end;
        CompleteItem();
        return result;
    }

    /// <summary>Reads a definite-length byte string as a slice of the input, without copying.</summary>
    public ReadOnlySpan<byte> ReadDefiniteByteString()
    {
        Expect(CborReaderState.ByteString, CborReaderState.ByteString);
        var bytes = ReadDefiniteStringBytes();
        CompleteItem();
        return bytes;
    }

    /// <summary>Reads an unsigned integer (major type 0).</summary>
    public ulong ReadUInt64()
    {
        Expect(CborReaderState.UnsignedInteger, CborReaderState.UnsignedInteger);
        var argument = ReadArgument(out _, out _);
        CompleteItem();
        return argument;
    }

    /// <summary>Reads a negative integer (major type 1) and returns its encoded argument n; the value is -1 - n (this covers -2^64).</summary>
    public ulong ReadNegative()
    {
        Expect(CborReaderState.NegativeInteger, CborReaderState.NegativeInteger);
        var argument = ReadArgument(out _, out _);
        CompleteItem();
        return argument;
    }

    /// <summary>Reads a half-, single- or double-precision float as a double.</summary>
    public double ReadDouble()
    {
        var state = PeekState();
        var at = _pos;
        double value;
        switch (state)
        {
            case CborReaderState.HalfPrecisionFloat:
                Need(3, at);
                value = (double)BinaryPrimitives.ReadHalfBigEndian(_data.Slice(at + 1, 2));
                _pos += 3;
                break;
            case CborReaderState.SinglePrecisionFloat:
                Need(5, at);
                value = BinaryPrimitives.ReadSingleBigEndian(_data.Slice(at + 1, 4));
                _pos += 5;
                break;
            case CborReaderState.DoublePrecisionFloat:
                Need(9, at);
                value = BinaryPrimitives.ReadDoubleBigEndian(_data.Slice(at + 1, 8));
                _pos += 9;
                break;
            default:
                throw Error($"expected a floating-point number, found {Describe(state)}", at);
        }
        CompleteItem();
        return value;
    }

    /// <summary>Reads true or false.</summary>
    public bool ReadBoolean()
    {
        Expect(CborReaderState.Boolean, CborReaderState.Boolean);
        var value = _data[_pos] == 0xF5;
        _pos++;
        CompleteItem();
        return value;
    }

    /// <summary>Reads null.</summary>
    public void ReadNull()
    {
        Expect(CborReaderState.Null, CborReaderState.Null);
        _pos++;
        CompleteItem();
    }

    /// <summary>Reads undefined.</summary>
    public void ReadUndefined()
    {
        Expect(CborReaderState.Undefined, CborReaderState.Undefined);
        _pos++;
        CompleteItem();
    }

    /// <summary>Reads a tag number; the tagged value is the next item.</summary>
    public ulong ReadTag()
    {
        Expect(CborReaderState.Tag, CborReaderState.Tag);
        var tag = ReadArgument(out _, out _);
        _tagPending = true;
        return tag;
    }

    /// <summary>Reads any simple value (including false 20, true 21, null 22, undefined 23) as its number.</summary>
    public byte ReadSimpleValue()
    {
        var state = PeekState();
        var at = _pos;
        if (state is not (CborReaderState.SimpleValue or CborReaderState.Boolean or CborReaderState.Null or CborReaderState.Undefined))
            throw Error($"expected a simple value, found {Describe(state)}", at);
        var info = _data[at] & 0x1F;
        byte value;
        if (info == 24)
        {
            Need(2, at);
            value = _data[at + 1];
            if (value < 32) throw Error($"simple value {value} must be encoded in the initial byte", at);
            _pos += 2;
        }
        else
        {
            value = (byte)info;
            _pos++;
        }
        CompleteItem();
        return value;
    }

    /// <summary>Consumes the next value (with any tags on it) and returns its exact encoded bytes.</summary>
    public ReadOnlySpan<byte> ReadEncodedValue()
    {
        var state = PeekState();
        if (state is CborReaderState.EndArray or CborReaderState.EndMap or CborReaderState.Finished)
            throw Error($"expected a value, found {Describe(state)}", _pos);
        var start = _pos;
        SkipItem(_depth);
        CompleteItem();
        return _data[start.._pos];
    }

    private int? ReadStartContainer(bool isMap)
    {
        var at = _pos;
        Expect(isMap ? CborReaderState.StartMap : CborReaderState.StartArray, isMap ? CborReaderState.StartMap : CborReaderState.StartArray);
        if (_depth >= _maxDepth) throw Error($"nesting deeper than {_maxDepth} levels", at, FormatErrorKind.LimitExceeded);
        var argument = ReadArgument(out var info, out _);
        var indefinite = info == 31;
        var remainingBytes = (ulong)(_data.Length - _pos);
        if (!indefinite)
        {
            // Every item takes at least one byte: a count larger than the bytes left is a lie.
            var minimum = isMap ? (argument > remainingBytes / 2 ? ulong.MaxValue : argument * 2) : argument;
            if (minimum > remainingBytes)
                throw Error($"{(isMap ? "map" : "array")} declares {argument} {(isMap ? "pairs" : "items")} but only {remainingBytes} bytes remain", at, FormatErrorKind.Truncated);
        }
        _frames ??= new Frame[Math.Min(_maxDepth, 8)];
        if (_depth == _frames.Length) Array.Resize(ref _frames, Math.Min(_maxDepth, _frames.Length * 2));
        _frames[_depth++] = new Frame
        {
            IsMap = isMap,
            Indefinite = indefinite,
            Remaining = indefinite ? 0 : (long)(isMap ? argument * 2 : argument),
        };
        _tagPending = false;
        return indefinite ? null : (int)argument;
    }

    private void ReadEndContainer(bool isMap)
    {
        var state = PeekState();
        var expected = isMap ? CborReaderState.EndMap : CborReaderState.EndArray;
        if (state != expected) throw Error($"expected the end of {(isMap ? "a map" : "an array")}, found {Describe(state)}", _pos);
        if (_frames![_depth - 1].Indefinite) _pos++;
        _depth--;
        CompleteItem();
    }

    private CborReaderState Expect(CborReaderState a, CborReaderState b)
    {
        var state = PeekState();
        if (state != a && state != b) throw Error($"expected {Describe(a)}, found {Describe(state)}", _pos);
        return state;
    }

    // Reads the initial byte and its argument at _pos; returns the argument and leaves _pos after it.
    private ulong ReadArgument(out int info, out int major)
    {
        var at = _pos;
        Need(1, at);
        var initial = _data[at];
        major = initial >> 5;
        info = initial & 0x1F;
        switch (info)
        {
            case < 24:
                _pos = at + 1;
                return (ulong)info;
            case 24:
                Need(2, at);
                _pos = at + 2;
                return _data[at + 1];
            case 25:
                Need(3, at);
                _pos = at + 3;
                return BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(at + 1));
            case 26:
                Need(5, at);
                _pos = at + 5;
                return BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(at + 1));
            case 27:
                Need(9, at);
                _pos = at + 9;
                return BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(at + 1));
            case 31:
                _pos = at + 1;
                return 0;
            default:
                throw Error($"reserved additional information {info} in initial byte 0x{initial:X2}", at);
        }
    }

    private ReadOnlySpan<byte> ReadDefiniteStringBytes()
    {
        var at = _pos;
        var length = ReadArgument(out _, out _);
        if (length > (ulong)(_data.Length - _pos))
            throw Error($"string declares {length} bytes but only {_data.Length - _pos} remain", at, FormatErrorKind.Truncated);
        var bytes = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return bytes;
    }

    private void SkipItem(int depth)
    {
        var at = _pos;
        var argument = ReadArgument(out var info, out var major);
        switch (major)
        {
            case 0 or 1:
                if (info == 31) throw Error($"major type {major} cannot have an indefinite length", at);
                return;
            case 2 or 3:
                if (info != 31)
                {
                    if (argument > (ulong)(_data.Length - _pos)) throw Error($"string declares {argument} bytes but only {_data.Length - _pos} remain", at, FormatErrorKind.Truncated);
                    _pos += (int)argument;
                    return;
                }
                while (true)
                {
                    Need(1, _pos);
                    if (_data[_pos] == 0xFF) { _pos++; return; }
                    if (_data[_pos] >> 5 != major || (_data[_pos] & 0x1F) == 31) throw Error("a chunk of an indefinite-length string has the wrong type", _pos);
                    ReadDefiniteStringBytes();
                }
            case 4 or 5:
                if (depth >= _maxDepth) throw Error($"nesting deeper than {_maxDepth} levels", at, FormatErrorKind.LimitExceeded);
                if (info == 31)
                {
                    var items = 0L;
                    while (true)
                    {
                        Need(1, _pos);
                        if (_data[_pos] == 0xFF)
                        {
                            if (major == 5 && (items & 1) == 1) throw Error("an indefinite-length map ends after a key without its value", _pos);
                            _pos++;
                            return;
                        }
                        SkipItem(depth + 1);
                        items++;
                    }
                }
                var remainingBytes = (ulong)(_data.Length - _pos);
                var count = major == 5 ? (argument > remainingBytes / 2 ? ulong.MaxValue : argument * 2) : argument;
                if (count > remainingBytes) throw Error($"{(major == 5 ? "map" : "array")} declares {argument} entries but only {remainingBytes} bytes remain", at, FormatErrorKind.Truncated);
                for (var i = 0UL; i < count; i++) SkipItem(depth + 1);
                return;
            case 6:
                if (info == 31) throw Error("a tag cannot have an indefinite length", at);
                if (depth >= _maxDepth) throw Error($"nesting deeper than {_maxDepth} levels", at, FormatErrorKind.LimitExceeded);
                SkipItem(depth + 1);
                return;
            default:
                switch (info)
                {
                    case 24 when argument < 32:
                        throw Error($"simple value {argument} must be encoded in the initial byte", at);
                    case 31:
                        throw Error("a break byte (0xFF) where no indefinite-length item is open", at);
                }
                return;
        }
    }

    // A complete item was consumed: count it in the open container, or finish the root.
    private void CompleteItem()
    {
        _tagPending = false;
        if (_depth == 0)
        {
            _rootDone = true;
            return;
        }
        ref var frame = ref _frames![_depth - 1];
        if (frame.Indefinite) frame.ItemsRead++;
        else frame.Remaining--;
    }

    private readonly void Need(int count, int at)
    {
        if (_data.Length - at < count) throw Error($"the data ends inside a value (needs {count} bytes, {_data.Length - at} remain)", at, FormatErrorKind.Truncated);
    }

    private readonly string DecodeUtf8(ReadOnlySpan<byte> bytes, int at)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("a text string is not valid UTF-8", at);
        }
    }

    private readonly CandorFormatException Error(string message, int at, FormatErrorKind kind = FormatErrorKind.Malformed) =>
        new($"CBOR: {message}", _baseOffset + at, kind: kind);

    private static string Describe(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger => "an unsigned integer",
        CborReaderState.NegativeInteger => "a negative integer",
        CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString => "a byte string",
        CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString => "a text string",
        CborReaderState.StartArray => "an array",
        CborReaderState.EndArray => "the end of an array",
        CborReaderState.StartMap => "a map",
        CborReaderState.EndMap => "the end of a map",
        CborReaderState.Tag => "a tag",
        CborReaderState.SimpleValue => "a simple value",
        CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat => "a float",
        CborReaderState.Null => "null",
        CborReaderState.Undefined => "undefined",
        CborReaderState.Boolean => "a boolean",
        _ => "the end of the data",
    };
}
