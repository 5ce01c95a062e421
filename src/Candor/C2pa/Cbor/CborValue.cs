using System.Text.Json;

namespace Candor.C2pa.Cbor;

/// <summary>
/// An immutable CBOR value tree, read once with <see cref="CborReader"/> for convenient access to
/// claims and assertions. Every node keeps the exact bytes it was encoded as (<see cref="Encoded"/>,
/// a slice of the input, not a copy) and its absolute offset, so a later check can hash the
/// original bytes instead of a re-encoding. Maps keep their pairs in the order written.
/// </summary>
public sealed class CborValue
{
    /// <summary>Default cap on the number of nodes one read may create.</summary>
    public const int DefaultMaxNodes = 200_000;

    /// <summary>Byte strings longer than this are summarised as "&lt;N bytes&gt;" by <see cref="ToJson"/> unless told otherwise.</summary>
    public const int DefaultInlineBytes = 256;

    private static readonly IReadOnlyList<CborValue> NoItems = [];
    private static readonly IReadOnlyList<KeyValuePair<CborValue, CborValue>> NoEntries = [];

    private readonly object? _ref;
    private readonly ulong _bits;

    private CborValue(CborValueKind kind, long offset, ReadOnlyMemory<byte> encoded, object? reference, ulong bits, bool negative = false)
    {
        Kind = kind;
        Offset = offset;
        Encoded = encoded;
        _ref = reference;
        _bits = bits;
        IsNegative = negative;
    }

    /// <summary>What this node holds.</summary>
    public CborValueKind Kind { get; }

    /// <summary>Absolute offset of the node's first byte (its tag, when tagged).</summary>
    public long Offset { get; }

    /// <summary>The exact bytes this value was encoded as.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>For <see cref="CborValueKind.Integer"/>: true for major type 1 (the value is -1 - <see cref="IntegerArgument"/>).</summary>
    public bool IsNegative { get; }

    /// <summary>For <see cref="CborValueKind.Integer"/>: the encoded argument.</summary>
    public ulong IntegerArgument => Kind == CborValueKind.Integer ? _bits : 0;

    /// <summary>The integer value when it is an integer within the signed 64-bit range, else null.</summary>
    public long? Int64 => Kind == CborValueKind.Integer && _bits <= long.MaxValue ? (IsNegative ? -1 - (long)_bits : (long)_bits) : null;

    /// <summary>The number as a double for integers and floats, else null.</summary>
    public double? Number => Kind switch
    {
        CborValueKind.Float => BitConverter.UInt64BitsToDouble(_bits),
        CborValueKind.Integer => IsNegative ? -1.0 - _bits : _bits,
        _ => null,
    };

    /// <summary>The text of a text string, else null.</summary>
    public string? Text => _ref as string;

    /// <summary>The content of a byte string (a slice of the input), else empty.</summary>
    public ReadOnlyMemory<byte> Bytes => Kind == CborValueKind.Bytes && _ref is ReadOnlyMemory<byte> m ? m : ReadOnlyMemory<byte>.Empty;

    /// <summary>The value of a boolean, else null.</summary>
    public bool? Boolean => Kind == CborValueKind.Boolean ? _bits != 0 : null;

    /// <summary>The tag number of a tagged value, or the number of a simple value.</summary>
    public ulong TagNumber => Kind is CborValueKind.Tag or CborValueKind.Simple ? _bits : 0;

    /// <summary>The value inside a tag, else null.</summary>
    public CborValue? TagContent => Kind == CborValueKind.Tag ? (CborValue)_ref! : null;

    /// <summary>Items of an array (empty for other kinds).</summary>
    public IReadOnlyList<CborValue> Items => _ref as IReadOnlyList<CborValue> ?? NoItems;

    /// <summary>Pairs of a map in the order written (empty for other kinds).</summary>
    public IReadOnlyList<KeyValuePair<CborValue, CborValue>> Entries => _ref as IReadOnlyList<KeyValuePair<CborValue, CborValue>> ?? NoEntries;

    /// <summary>This value with any tags removed.</summary>
    public CborValue Untagged
    {
        get
        {
            var v = this;
            while (v.Kind == CborValueKind.Tag) v = (CborValue)v._ref!;
            return v;
        }
    }

    /// <summary>The value of the first pair whose key is the text <paramref name="key"/>, or null (also null when this is not a map).</summary>
    public CborValue? this[string key]
    {
        get
        {
            foreach (var pair in Entries)
                if (pair.Key.Kind == CborValueKind.Text && string.Equals(pair.Key.Text, key, StringComparison.Ordinal)) return pair.Value;
            return null;
        }
    }

    /// <summary>The value of the first pair whose key is the integer <paramref name="key"/>, or null.</summary>
    public CborValue? Get(long key)
    {
        foreach (var pair in Entries)
            if (pair.Key.Int64 == key) return pair.Value;
        return null;
    }

    /// <summary>The text under <paramref name="key"/> when it is a text string, else null.</summary>
    public string? GetText(string key) => this[key]?.Untagged.Text;

    /// <summary>Reads one value that fills <paramref name="data"/> exactly; <paramref name="baseOffset"/> is where the data starts in the file.</summary>
    public static CborValue Read(ReadOnlyMemory<byte> data, long baseOffset = 0, int maxDepth = CborReader.DefaultMaxDepth, int maxNodes = DefaultMaxNodes)
    {
        var reader = new CborReader(data.Span, baseOffset, maxDepth);
        var nodes = 0;
        var value = ReadNode(ref reader, data, baseOffset, 0, maxDepth, maxNodes, ref nodes);
        if (reader.BytesRemaining != 0)
            throw new CandorFormatException($"CBOR: {reader.BytesRemaining} bytes follow the value", reader.Offset);
        return value;
    }

    /// <summary>Reads one value from a span (copied once so that nodes can keep their encoded bytes).</summary>
    public static CborValue Read(ReadOnlySpan<byte> data, long baseOffset = 0) => Read(new ReadOnlyMemory<byte>(data.ToArray()), baseOffset);

    private static CborValue ReadNode(ref CborReader reader, ReadOnlyMemory<byte> data, long baseOffset, int depth, int maxDepth, int maxNodes, ref int nodes)
    {
        var start = reader.BytesConsumed;
        if (++nodes > maxNodes) throw new CandorFormatException($"CBOR: more than {maxNodes} values", baseOffset + start, kind: FormatErrorKind.LimitExceeded);
        var state = reader.PeekState();
        switch (state)
        {
            case CborReaderState.UnsignedInteger:
                { var u = reader.ReadUInt64(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Integer, null, u); }
            case CborReaderState.NegativeInteger:
                { var n = reader.ReadNegative(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Integer, null, n, negative: true); }
            case CborReaderState.ByteString:
                {
                    var span = reader.ReadDefiniteByteString();
                    var end = reader.BytesConsumed;
                    return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Bytes, data[(end - span.Length)..end], 0);
                }
            case CborReaderState.StartIndefiniteLengthByteString:
                { ReadOnlyMemory<byte> joined = reader.ReadByteString(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Bytes, joined, 0); }
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                { var text = reader.ReadTextString(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Text, text, 0); }
            case CborReaderState.StartArray:
                {
                    var count = reader.ReadStartArray();
                    var items = new List<CborValue>(Math.Min(count ?? 4, 1024));
                    while (reader.PeekState() != CborReaderState.EndArray)
                        items.Add(ReadNode(ref reader, data, baseOffset, depth + 1, maxDepth, maxNodes, ref nodes));
                    reader.ReadEndArray();
                    return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Array, items.AsReadOnly(), 0);
                }
            case CborReaderState.StartMap:
                {
                    var count = reader.ReadStartMap();
                    var entries = new List<KeyValuePair<CborValue, CborValue>>(Math.Min(count ?? 4, 1024));
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        var key = ReadNode(ref reader, data, baseOffset, depth + 1, maxDepth, maxNodes, ref nodes);
                        var value = ReadNode(ref reader, data, baseOffset, depth + 1, maxDepth, maxNodes, ref nodes);
                        entries.Add(new(key, value));
                    }
                    reader.ReadEndMap();
                    return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Map, entries.AsReadOnly(), 0);
                }
            case CborReaderState.Tag:
                {
                    if (depth >= maxDepth) throw new CandorFormatException($"CBOR: nesting deeper than {maxDepth} levels", baseOffset + start, kind: FormatErrorKind.LimitExceeded);
                    var tag = reader.ReadTag();
                    var content = ReadNode(ref reader, data, baseOffset, depth + 1, maxDepth, maxNodes, ref nodes);
                    return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Tag, content, tag);
                }
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                { var f = reader.ReadDouble(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Float, null, BitConverter.DoubleToUInt64Bits(f)); }
            case CborReaderState.Boolean:
                { var b = reader.ReadBoolean(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Boolean, null, b ? 1UL : 0UL); }
            case CborReaderState.Null:
                reader.ReadNull();
                return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Null, null, 0);
            case CborReaderState.Undefined:
                reader.ReadUndefined();
                return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Undefined, null, 0);
            case CborReaderState.SimpleValue:
                { var sv = reader.ReadSimpleValue(); return Make(data, baseOffset, start, reader.BytesConsumed, CborValueKind.Simple, null, sv); }
            default:
                throw new CandorFormatException("CBOR: expected a value", baseOffset + start);
        }
    }

    private static CborValue Make(ReadOnlyMemory<byte> data, long baseOffset, int start, int end, CborValueKind kind, object? reference, ulong bits, bool negative = false) =>
        new(kind, baseOffset + start, data[start..end], reference, bits, negative);

    /// <summary>
    /// Writes the value as JSON for raw output: maps become objects (non-text keys written as their
    /// diagnostic text), byte strings up to <paramref name="inlineBytes"/> bytes become base64 and
    /// longer ones a "&lt;N bytes&gt;" summary, tags become {"@tag": n, "value": …}, non-finite floats and
    /// integers beyond 64 bits become strings.
    /// </summary>
    public void ToJson(Utf8JsonWriter writer, int inlineBytes = DefaultInlineBytes)
    {
        switch (Kind)
        {
            case CborValueKind.Integer:
                if (Int64 is { } l) writer.WriteNumberValue(l);
                else if (!IsNegative) writer.WriteNumberValue(_bits);
                else writer.WriteStringValue(ToString());
                break;
            case CborValueKind.Bytes:
                if (Bytes.Length <= inlineBytes) writer.WriteBase64StringValue(Bytes.Span);
                else writer.WriteStringValue($"<{Bytes.Length} bytes>");
                break;
            case CborValueKind.Text:
                writer.WriteStringValue(Text);
                break;
            case CborValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in Items) item.ToJson(writer, inlineBytes);
                writer.WriteEndArray();
                break;
            case CborValueKind.Map:
                writer.WriteStartObject();
                foreach (var pair in Entries)
                {
                    writer.WritePropertyName(pair.Key.Kind == CborValueKind.Text ? pair.Key.Text! : pair.Key.ToString());
                    pair.Value.ToJson(writer, inlineBytes);
                }
                writer.WriteEndObject();
                break;
            case CborValueKind.Tag:
                writer.WriteStartObject();
                writer.WriteNumber("@tag", _bits);
                writer.WritePropertyName("value");
                TagContent!.ToJson(writer, inlineBytes);
                writer.WriteEndObject();
                break;
            case CborValueKind.Float:
                var d = BitConverter.UInt64BitsToDouble(_bits);
                if (double.IsFinite(d)) writer.WriteNumberValue(d);
                else writer.WriteStringValue(ToString());
                break;
            case CborValueKind.Boolean:
                writer.WriteBooleanValue(_bits != 0);
                break;
            case CborValueKind.Null:
            case CborValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(ToString());
                break;
        }
    }

    /// <summary>A short diagnostic form (RFC 8949 §8) of scalars; containers are summarised.</summary>
    public override string ToString() => Kind switch
    {
        CborValueKind.Integer => IsNegative ? (-1 - (System.Numerics.BigInteger)_bits).ToString(System.Globalization.CultureInfo.InvariantCulture) : _bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CborValueKind.Bytes => $"h'{Convert.ToHexStringLower(Bytes.Span[..Math.Min(Bytes.Length, 32)])}{(Bytes.Length > 32 ? "…" : "")}'",
        CborValueKind.Text => $"\"{Text}\"",
        CborValueKind.Array => $"[{Items.Count} items]",
        CborValueKind.Map => $"{{{Entries.Count} pairs}}",
        CborValueKind.Tag => $"{_bits}({TagContent})",
        CborValueKind.Float => FormatFloat(BitConverter.UInt64BitsToDouble(_bits)),
        CborValueKind.Boolean => _bits != 0 ? "true" : "false",
        CborValueKind.Null => "null",
        CborValueKind.Undefined => "undefined",
        _ => $"simple({_bits})",
    };

    private static string FormatFloat(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
