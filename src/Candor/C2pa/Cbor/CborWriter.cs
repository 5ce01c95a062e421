using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Candor.C2pa.Cbor;

// CBOR data item as this writer emits it (RFC 8949 §3, preferred serialization §4.1 and core
// deterministic encoding §4.2.1):
//
//   initial byte   MMM AAAAA      M = major type, A = argument when < 24
//   argument       < 24 in the initial byte; else 24|25|26|27 and the shortest of 1|2|4|8 bytes, big-endian
//   major 0/1      unsigned / negative integer (-1 - argument)
//   major 2/3      byte / UTF-8 text string, argument = length, then the bytes
//   major 4/5      array / map, argument = item / pair count (definite lengths only)
//   major 6        tag number, one item follows
//   major 7        0..23 simple values in the initial byte (20 false, 21 true, 22 null, 23 undefined),
//                  24 + one byte for simple values 32..255, 25|26|27 half|single|double float —
//                  the shortest width that holds the value exactly; NaN is always f9 7e00
//
//   Deterministic maps: entries sorted by the bytewise lexicographic order of their encoded keys.

/// <summary>
/// Writes RFC 8949 CBOR with definite lengths, shortest arguments and shortest exact floats
/// (preferred serialization). Maps whose entries are given pre-encoded can be written in core
/// deterministic order (§4.2.1) with <see cref="WriteDeterministicMap"/>. The writer does not track
/// open containers: after <see cref="WriteStartArray"/> or <see cref="WriteStartMap"/> the caller
/// writes exactly the declared number of items.
/// </summary>
public sealed class CborWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    /// <summary>Creates a writer with an initial buffer of <paramref name="initialCapacity"/> bytes.</summary>
    public CborWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(Math.Max(1, initialCapacity));

    /// <summary>Number of bytes written so far.</summary>
    public int BytesWritten => _buffer.WrittenCount;

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>Writes an integer as major type 0 or 1.</summary>
    public void WriteInt64(long value)
    {
        if (value >= 0) WriteHead(0, (ulong)value);
        else WriteHead(1, (ulong)(-1 - value));
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        WriteHead(2, (ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a text string (encoded as UTF-8; lone surrogates are an <see cref="ArgumentException"/>).</summary>
    public void WriteTextString(ReadOnlySpan<char> value)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("the text is not valid UTF-16 (lone surrogate)", nameof(value), e);
        }
        WriteHead(3, (ulong)length);
        var span = _buffer.GetSpan(length);
        StrictUtf8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    /// <summary>Writes the start of an array of <paramref name="count"/> items.</summary>
    public void WriteStartArray(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteHead(4, (ulong)count);
    }

    /// <summary>Writes the start of a map of <paramref name="pairCount"/> key/value pairs.</summary>
    public void WriteStartMap(int pairCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairCount);
        WriteHead(5, (ulong)pairCount);
    }

    /// <summary>Writes a tag number; the tagged item must follow.</summary>
    public void WriteTag(ulong tag) => WriteHead(6, tag);

    /// <summary>Writes a simple value (0..19 and 32..255; 20..23 are false, true, null, undefined; 24..31 are reserved).</summary>
    public void WriteSimpleValue(byte value)
    {
        if (value is >= 24 and < 32) throw new ArgumentOutOfRangeException(nameof(value), value, "simple values 24..31 are reserved");
        WriteHead(7, value);
    }

    /// <summary>Writes true or false.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xF5 : (byte)0xF4);

    /// <summary>Writes null.</summary>
    public void WriteNull() => WriteByte(0xF6);

    /// <summary>Writes undefined.</summary>
    public void WriteUndefined() => WriteByte(0xF7);

    /// <summary>Writes a float in the shortest of half, single and double precision that holds it exactly; NaN becomes f9 7e00.</summary>
    public void WriteDouble(double value)
    {
        if (double.IsNaN(value))
        {
            WriteRaw([0xF9, 0x7E, 0x00]);
            return;
        }
        var bits = BitConverter.DoubleToInt64Bits(value);
        var half = (Half)value;
        if (BitConverter.DoubleToInt64Bits((double)half) == bits)
        {
            var span = _buffer.GetSpan(3);
            span[0] = 0xF9;
            BinaryPrimitives.WriteHalfBigEndian(span[1..], half);
            _buffer.Advance(3);
            return;
        }
        var single = (float)value;
        if (BitConverter.DoubleToInt64Bits(single) == bits)
        {
            var span = _buffer.GetSpan(5);
            span[0] = 0xFA;
            BinaryPrimitives.WriteSingleBigEndian(span[1..], single);
            _buffer.Advance(5);
            return;
        }
        var d = _buffer.GetSpan(9);
        d[0] = 0xFB;
        BinaryPrimitives.WriteDoubleBigEndian(d[1..], value);
        _buffer.Advance(9);
    }

    /// <summary>Copies one or more already-encoded items as they are (the caller vouches that they are well-formed).</summary>
    public void WriteEncodedValue(ReadOnlySpan<byte> encoded) => WriteRaw(encoded);

    /// <summary>
    /// Writes a map whose keys and values are given pre-encoded, sorted by the bytewise
    /// lexicographic order of the encoded keys (RFC 8949 §4.2.1). Two equal keys are an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public void WriteDeterministicMap(IEnumerable<(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = entries.ToArray();
        Array.Sort(sorted, static (a, b) => a.Key.Span.SequenceCompareTo(b.Key.Span));
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i - 1].Key.Span.SequenceEqual(sorted[i].Key.Span))
                throw new ArgumentException("a deterministic map cannot hold the same key twice", nameof(entries));
        WriteStartMap(sorted.Length);
        foreach (var (key, value) in sorted)
        {
            WriteRaw(key.Span);
            WriteRaw(value.Span);
        }
    }

    /// <summary>
    /// Writes a value read by <see cref="CborValue"/> in preferred serialization: definite lengths,
    /// shortest arguments and floats. Map pairs keep their order unless <paramref name="sortMapKeys"/>
    /// is true, which gives the core deterministic encoding.
    /// </summary>
    public void WriteValue(CborValue value, bool sortMapKeys = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case CborValueKind.Integer:
                WriteHead(value.IsNegative ? (byte)1 : (byte)0, value.IntegerArgument);
                break;
            case CborValueKind.Bytes:
                WriteByteString(value.Bytes.Span);
                break;
            case CborValueKind.Text:
                WriteTextString(value.Text);
                break;
            case CborValueKind.Array:
                WriteStartArray(value.Items.Count);
                foreach (var item in value.Items) WriteValue(item, sortMapKeys);
                break;
            case CborValueKind.Map when sortMapKeys:
                WriteDeterministicMap(value.Entries.Select(pair => ((ReadOnlyMemory<byte>)Encode(pair.Key, true), (ReadOnlyMemory<byte>)Encode(pair.Value, true))));
                break;
            case CborValueKind.Map:
                WriteStartMap(value.Entries.Count);
                foreach (var pair in value.Entries)
                {
                    WriteValue(pair.Key, sortMapKeys);
                    WriteValue(pair.Value, sortMapKeys);
                }
                break;
            case CborValueKind.Tag:
                WriteTag(value.TagNumber);
                WriteValue(value.TagContent!, sortMapKeys);
                break;
            case CborValueKind.Float:
                WriteDouble(value.Number!.Value);
                break;
            case CborValueKind.Boolean:
                WriteBoolean(value.Boolean!.Value);
                break;
            case CborValueKind.Null:
                WriteNull();
                break;
            case CborValueKind.Undefined:
                WriteUndefined();
                break;
            default:
                WriteSimpleValue((byte)value.TagNumber);
                break;
        }
    }

    /// <summary>Encodes one value on its own (see <see cref="WriteValue"/>).</summary>
    public static byte[] Encode(CborValue value, bool sortMapKeys = false)
    {
        var writer = new CborWriter();
        writer.WriteValue(value, sortMapKeys);
        return writer.ToArray();
    }

    /// <summary>The encoded length of an initial byte carrying <paramref name="argument"/>: 1, 2, 3, 5 or 9.</summary>
    public static int HeadLength(ulong argument) => argument switch
    {
        < 24 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void WriteHead(byte major, ulong argument)
    {
        var length = HeadLength(argument);
        var span = _buffer.GetSpan(length);
        var initial = (byte)(major << 5);
        switch (length)
        {
            case 1:
                span[0] = (byte)(initial | (byte)argument);
                break;
            case 2:
                span[0] = (byte)(initial | 24);
                span[1] = (byte)argument;
                break;
            case 3:
                span[0] = (byte)(initial | 25);
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)argument);
                break;
            case 5:
                span[0] = (byte)(initial | 26);
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)argument);
                break;
            default:
                span[0] = (byte)(initial | 27);
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], argument);
                break;
        }
        _buffer.Advance(length);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
