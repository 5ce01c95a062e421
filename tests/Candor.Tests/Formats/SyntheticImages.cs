using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Candor.Tests.Formats;

/// <summary>Builds small, well-formed (or deliberately broken) container files for the reader tests.</summary>
internal static class SyntheticImages
{
    public static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data, bool corruptCrc = false)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        var crc = Candor.Formats.Crc32.Compute(chunk.AsSpan(4, 4 + data.Length));
        if (corruptCrc) crc ^= 1;
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        return chunk;
    }

    public static byte[] Ihdr(int width, int height, byte colourType)
    {
        var d = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(d, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(4), (uint)height);
        d[8] = 8;
        d[9] = colourType;
        return Chunk("IHDR", d);
    }

    public static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    public static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Zlib(ReadOnlySpan<byte> data)
    {
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    /// <summary>A 2x1 RGB PNG with the given chunks between IHDR and IDAT.</summary>
    public static byte[] Png(params byte[][] chunks) => Join(
        [PngSignature, Ihdr(2, 1, 2), .. chunks, Chunk("IDAT", Zlib([0, 1, 2, 3, 4, 5, 6])), Chunk("IEND", [])]);

    public static byte[] Segment(byte marker, ReadOnlySpan<byte> data)
    {
        var s = new byte[4 + data.Length];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)(data.Length + 2));
        data.CopyTo(s.AsSpan(4));
        return s;
    }

    public static byte[] Sof0(int width, int height)
    {
        var d = new byte[] { 8, 0, 0, 0, 0, 1, 1, 0x11, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(3), (ushort)width);
        return Segment(0xC0, d);
    }

    public static readonly byte[] Sos = Segment(0xDA, [1, 1, 0, 0, 63, 0]);

    /// <summary>A JPEG: SOI, the given segments, SOF0 16x8, SOS, the entropy bytes, EOI.</summary>
    public static byte[] Jpeg(byte[] entropy, params byte[][] segments) =>
        Join([[0xFF, 0xD8], .. segments, Sof0(16, 8), Sos, entropy, [0xFF, 0xD9]]);

    public static byte[] RiffChunk(string fourCc, ReadOnlySpan<byte> data)
    {
        var c = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(fourCc, c);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), (uint)data.Length);
        data.CopyTo(c.AsSpan(8));
        return c;
    }

    /// <summary>A WebP made of the given chunks, with a correct RIFF size unless <paramref name="riffSizeDelta"/> is set.</summary>
    public static byte[] Webp(int riffSizeDelta, params byte[][] chunks)
    {
        var body = Join(chunks);
        var file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(4 + body.Length + riffSizeDelta));
        "WEBP"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file.AsSpan(12));
        return file;
    }

    /// <summary>A VP8L chunk header for a width x height image.</summary>
    public static byte[] Vp8l(int width, int height, bool alpha)
    {
        var d = new byte[8];
        d[0] = 0x2F;
        var bits = (uint)(width - 1) | (uint)(height - 1) << 14 | (alpha ? 1u : 0u) << 28;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(1), bits);
        return RiffChunk("VP8L", d);
    }
}
