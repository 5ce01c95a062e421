using System.Buffers.Binary;

namespace Candor.Curation;

/// <summary>
/// A Thrift struct read with the compact protocol and kept as its fields (id, wire type, value), so it can be written
/// back with a few fields changed and every other field — unknown ones included — exactly as read. Values: bool, long
/// (byte, i16, i32, i64), double, byte[] (binary and strings), <see cref="ThriftList"/>, <see cref="ThriftStruct"/>,
/// and a map's raw bytes (<see cref="ThriftMap"/>). Parquet's page headers and footer are structs of this protocol.
/// </summary>
internal sealed class ThriftStruct
{
    public const byte True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, SetType = 10, Map = 11, Struct = 12;

    public List<(short Id, byte Type, object Value)> Fields { get; } = [];

    public object? Get(short id)
    {
        foreach (var f in Fields)
            if (f.Id == id) return f.Value;
        return null;
    }

    public long? GetLong(short id) => Get(id) is long v ? v : null;

    public ThriftStruct? GetStruct(short id) => Get(id) as ThriftStruct;

    public ThriftList? GetList(short id) => Get(id) as ThriftList;

    /// <summary>Sets field <paramref name="id"/> (replacing it, or adding it in id order).</summary>
    public void Set(short id, byte type, object value)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Id == id)
            {
                Fields[i] = (id, type, value);
                return;
            }
            if (Fields[i].Id > id)
            {
                Fields.Insert(i, (id, type, value));
                return;
            }
        }
        Fields.Add((id, type, value));
    }

    public void SetI32(short id, long value) => Set(id, I32, value);

    public void SetI64(short id, long value) => Set(id, I64, value);

    public void Remove(short id) => Fields.RemoveAll(f => f.Id == id);

    public ThriftStruct Clone()
    {
        var copy = new ThriftStruct();
        foreach (var (id, type, value) in Fields) copy.Fields.Add((id, type, CloneValue(value)));
        return copy;
    }

    private static object CloneValue(object value) => value switch
    {
        ThriftStruct s => s.Clone(),
        ThriftList l => new ThriftList(l.ElementType, [.. l.Items.Select(CloneValue)]),
        _ => value,
    };

    /// <summary>Reads a struct at <paramref name="pos"/> and moves past it.</summary>
    public static ThriftStruct Read(ReadOnlySpan<byte> data, ref int pos, int depth = 0)
    {
        if (depth > 64) throw new InvalidDataException("Thrift structs nested too deep");
        var result = new ThriftStruct();
        short last = 0;
        while (true)
        {
            var head = Next(data, ref pos);
            if (head == 0) return result;
            var type = (byte)(head & 0x0F);
            var delta = head >> 4;
            var id = delta != 0 ? (short)(last + delta) : (short)Zigzag(Varint(data, ref pos));
            last = id;
            result.Fields.Add((id, type, ReadValue(data, ref pos, type, depth)));
        }
    }

    private static object ReadValue(ReadOnlySpan<byte> data, ref int pos, byte type, int depth)
    {
        switch (type)
        {
            case True: return true;
            case False: return false;
            case Byte: return (long)(sbyte)Next(data, ref pos);
            case I16 or I32 or I64: return Zigzag(Varint(data, ref pos));
            case Double:
                if (pos + 8 > data.Length) throw new InvalidDataException("a Thrift double runs past the end");
                var d = BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]);
                pos += 8;
                return d;
            case Binary:
                var length = checked((int)Varint(data, ref pos));
                if (length < 0 || pos + length > data.Length) throw new InvalidDataException("a Thrift binary runs past the end");
                var bytes = data.Slice(pos, length).ToArray();
                pos += length;
                return bytes;
            case List or SetType:
                var h = Next(data, ref pos);
                var count = h >> 4 == 15 ? checked((int)Varint(data, ref pos)) : h >> 4;
                var element = (byte)(h & 0x0F);
                if (count < 0 || count > data.Length - pos + 1) throw new InvalidDataException("a Thrift list is longer than its data");
                var items = new List<object>(count);
                for (var i = 0; i < count; i++)
                    items.Add(element is True or False ? Next(data, ref pos) == 1 : ReadValue(data, ref pos, element, depth + 1));
                return new ThriftList(element, items);
            case Map:
                // Parquet's structs have no maps; keep the bytes as they are.
                var start = pos;
                var size = checked((int)Varint(data, ref pos));
                if (size > 0)
                {
                    var kv = Next(data, ref pos);
                    for (var i = 0; i < size; i++)
                    {
                        ReadValue(data, ref pos, (byte)(kv >> 4), depth + 1);
                        ReadValue(data, ref pos, (byte)(kv & 0x0F), depth + 1);
                    }
                }
                return new ThriftMap(data[start..pos].ToArray());
            case Struct: return Read(data, ref pos, depth + 1);
            default: throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static byte Next(ReadOnlySpan<byte> data, ref int pos) =>
        pos < data.Length ? data[pos++] : throw new InvalidDataException("a Thrift struct runs past the end");

    private static ulong Varint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next(data, ref pos);
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("a Thrift varint is too long");
    }

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    /// <summary>Writes the struct in the compact protocol.</summary>
    public void Write(Stream output)
    {
        short last = 0;
        foreach (var (id, type, value) in Fields)
        {
            var wire = type is True or False ? ((bool)value ? True : False) : type;
            var delta = id - last;
            if (delta is > 0 and <= 15) output.WriteByte((byte)((delta << 4) | wire));
            else
            {
                output.WriteByte(wire);
                WriteVarint(output, ZigzagOf(id));
            }
            last = id;
            WriteValue(output, wire, value);
        }
        output.WriteByte(0);
    }

    private static void WriteValue(Stream output, byte type, object value)
    {
        switch (type)
        {
            case True or False: break;
            case Byte: output.WriteByte((byte)(sbyte)(long)value); break;
            case I16 or I32 or I64: WriteVarint(output, ZigzagOf((long)value)); break;
            case Double:
                Span<byte> d = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, (double)value);
                output.Write(d);
                break;
            case Binary:
                var bytes = (byte[])value;
                WriteVarint(output, (ulong)bytes.Length);
                output.Write(bytes);
                break;
            case List or SetType:
                var list = (ThriftList)value;
                if (list.Items.Count < 15) output.WriteByte((byte)((list.Items.Count << 4) | list.ElementType));
                else
                {
                    output.WriteByte((byte)(0xF0 | list.ElementType));
                    WriteVarint(output, (ulong)list.Items.Count);
                }
                foreach (var item in list.Items)
                {
                    if (list.ElementType is True or False) output.WriteByte((bool)item ? (byte)1 : (byte)0);
                    else WriteValue(output, list.ElementType, item);
                }
                break;
            case Map: output.Write(((ThriftMap)value).Raw); break;
            case Struct: ((ThriftStruct)value).Write(output); break;
            default: throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static ulong ZigzagOf(long n) => (ulong)((n << 1) ^ (n >> 63));

    private static void WriteVarint(Stream output, ulong n)
    {
        while (n >= 0x80)
        {
            output.WriteByte((byte)(n | 0x80));
            n >>= 7;
        }
        output.WriteByte((byte)n);
    }
}

/// <summary>A Thrift list or set: its element wire type and items.</summary>
internal sealed record ThriftList(byte ElementType, List<object> Items);

/// <summary>A Thrift map kept as its encoded bytes.</summary>
internal sealed record ThriftMap(byte[] Raw);
