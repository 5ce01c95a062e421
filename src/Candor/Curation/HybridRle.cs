namespace Candor.Curation;

/// <summary>
/// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices): runs of one repeated value
/// (header <c>count &lt;&lt; 1</c>, the value in ⌈width / 8⌉ bytes) and groups of 8 bit-packed values (header
/// <c>groups &lt;&lt; 1 | 1</c>, least significant bit first).
/// </summary>
internal static class HybridRle
{
    /// <summary>Decodes as many values of <paramref name="width"/> bits as <paramref name="output"/> holds.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int width, Span<int> output)
    {
        if (width is < 0 or > 32) throw new InvalidDataException($"bit width {width} is out of range");
        var pos = 0;
        var n = 0;
        var valueBytes = (width + 7) / 8;
        var mask = width == 32 ? uint.MaxValue : (1u << width) - 1;
        while (n < output.Length)
        {
            var header = Varint(data, ref pos);
            if ((header & 1) == 0)
            {
                var run = (int)Math.Min(header >> 1, (ulong)(output.Length - n));
                if (pos + valueBytes > data.Length) throw new InvalidDataException("an RLE run runs past the end of its data");
                var value = 0;
                for (var b = 0; b < valueBytes; b++) value |= data[pos + b] << (8 * b);
                pos += valueBytes;
                if (run == 0 && header >> 1 == 0) throw new InvalidDataException("an RLE run of no values");
                output.Slice(n, run).Fill(value);
                n += run;
            }
            else
            {
                var groups = header >> 1;
                if (groups == 0 || groups > int.MaxValue / 8) throw new InvalidDataException("a bit-packed run of no values");
                var bytes = (long)groups * width;
                if (pos + bytes > data.Length) throw new InvalidDataException("a bit-packed run runs past the end of its data");
                var values = (int)Math.Min((long)groups * 8, output.Length - n);
                ulong buffer = 0;
                var bits = 0;
                var p = pos;
                for (var i = 0; i < values; i++)
                {
                    while (bits < width)
                    {
                        buffer |= (ulong)data[p++] << bits;
                        bits += 8;
                    }
                    output[n + i] = (int)(buffer & mask);
                    buffer >>= width;
                    bits -= width;
                }
                pos += (int)bytes;
                n += values;
            }
        }
    }

    /// <summary>Encodes <paramref name="values"/> (each below 2^<paramref name="width"/>) and appends them to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int width, Stream output)
    {
        var valueBytes = (width + 7) / 8;
        var i = 0;
        Span<byte> packed = stackalloc byte[32];
        while (i < values.Length)
        {
            var run = 1;
            while (i + run < values.Length && values[i + run] == values[i]) run++;
            if (run >= 8 || i + run == values.Length)
            {
                WriteVarint(output, (ulong)run << 1);
                for (var b = 0; b < valueBytes; b++) output.WriteByte((byte)(values[i] >> (8 * b)));
                i += run;
                continue;
            }
            // Bit-pack groups of 8 until a run of 8 equal values starts (the last group is padded with zeros; the page's count ends it).
            var start = i;
            var groups = 0;
            var end = i;
            while (end < values.Length)
            {
                end = Math.Min(values.Length, end + 8);
                groups++;
                if (end < values.Length && RunAt(values, end) >= 8) break;
                if (groups == 63) break;
            }
            WriteVarint(output, ((ulong)groups << 1) | 1);
            for (var g = 0; g < groups; g++)
            {
                packed[..width].Clear();
                ulong buffer = 0;
                var bits = 0;
                var o = 0;
                for (var k = 0; k < 8; k++)
                {
                    var index = start + g * 8 + k;
                    var v = index < values.Length ? (uint)values[index] : 0u;
                    buffer |= (ulong)v << bits;
                    bits += width;
                    while (bits >= 8)
                    {
                        packed[o++] = (byte)buffer;
                        buffer >>= 8;
                        bits -= 8;
                    }
                }
                output.Write(packed[..width]);
            }
            i = end;
        }
    }

    private static int RunAt(ReadOnlySpan<int> values, int i)
    {
        var run = 1;
        while (i + run < values.Length && run < 8 && values[i + run] == values[i]) run++;
        return run;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw new InvalidDataException("an RLE header runs past the end of its data");
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("an RLE header is too long");
    }

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
