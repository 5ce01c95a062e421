using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Candor.Tests.Imaging.Png;

/// <summary>Builds small PNG files in tests: chunks with any content, scanlines with filter None.</summary>
public static class PngTestWriter
{
    /// <summary>A PNG of 8-bit RGBA <paramref name="rgba"/> (filter None on every row) with optional extra chunks before IEND.</summary>
    public static byte[] Rgba(int width, int height, byte[] rgba, params (string Type, byte[] Data)[] extra)
    {
        var raw = new byte[height * (width * 4 + 1)];
        for (var y = 0; y < height; y++) Array.Copy(rgba, y * width * 4, raw, y * (width * 4 + 1) + 1, width * 4);
        return Build(width, height, 6, 8, raw, extra);
    }

    /// <summary>A PNG with the given header values and already-filtered scanline bytes.</summary>
    public static byte[] Build(int width, int height, byte colourType, byte depth, byte[] scanlines, (string Type, byte[] Data)[]? extra = null, byte[]? palette = null)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = depth;
        header[9] = colourType;
        Chunk(file, "IHDR", header);
        if (palette is not null) Chunk(file, "PLTE", palette);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(scanlines);
            Chunk(file, "IDAT", compressed.ToArray());
        }
        foreach (var (type, data) in extra ?? []) Chunk(file, type, data);
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>Writes one chunk (CRC left zero: Candor's decoders do not check it).</summary>
    public static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        s.Write(Encoding.ASCII.GetBytes(type));
        s.Write(data);
        s.Write(new byte[4]);
    }
}
