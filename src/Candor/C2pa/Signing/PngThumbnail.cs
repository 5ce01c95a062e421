using System.Buffers.Binary;
using System.IO.Compression;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.C2pa.Signing;

// The claim thumbnail: the image decoded, shrunk by box averaging so its longer side is at most
// 256 pixels, and written as an 8-bit RGB or RGBA PNG (IHDR, one IDAT of filter-0 rows, IEND).

/// <summary>Makes the PNG thumbnail of a PNG or WebP image (Candor has no JPEG decoder yet).</summary>
internal static class PngThumbnail
{
    private const int MaxSide = 256;

    public static byte[] Make(byte[] asset, string format)
    {
        var image = format switch
        {
            "PNG" => PngDecoder.Decode(new MemoryStream(asset, writable: false)),
            "WebP" => WebpDecoder.Decode(asset),
            _ => throw new NotSupportedException($"Candor cannot make a thumbnail of a {format} image yet (it has no decoder for it); sign without a thumbnail"),
        };
        return Encode(Shrink(image));
    }

    private static RgbaImage Shrink(RgbaImage image)
    {
        var scale = Math.Max(image.Width, image.Height) / (double)MaxSide;
        if (scale <= 1) return image;
        var width = Math.Max(1, (int)Math.Round(image.Width / scale));
        var height = Math.Max(1, (int)Math.Round(image.Height / scale));
        var pixels = new byte[width * height * 4];
        Span<long> sum = stackalloc long[4];
        for (var y = 0; y < height; y++)
        {
            int y0 = (int)((long)y * image.Height / height), y1 = Math.Max(y0 + 1, (int)((long)(y + 1) * image.Height / height));
            for (var x = 0; x < width; x++)
            {
                int x0 = (int)((long)x * image.Width / width), x1 = Math.Max(x0 + 1, (int)((long)(x + 1) * image.Width / width));
                sum.Clear();
                for (var sy = y0; sy < y1; sy++)
                    for (var sx = x0; sx < x1; sx++)
                    {
                        var i = image.IndexOf(sx, sy);
                        for (var c = 0; c < 4; c++) sum[c] += image.Pixels[i + c];
                    }
                var n = (long)(y1 - y0) * (x1 - x0);
                var o = (y * width + x) * 4;
                for (var c = 0; c < 4; c++) pixels[o + c] = (byte)((sum[c] + n / 2) / n);
            }
        }
        return new RgbaImage(width, height, pixels, image.HasAlpha);
    }

    private static byte[] Encode(RgbaImage image)
    {
        var channels = image.HasAlpha ? 4 : 3;
        var raw = new byte[image.Height * (1 + image.Width * channels)];
        var at = 0;
        for (var y = 0; y < image.Height; y++)
        {
            raw[at++] = 0;
            for (var x = 0; x < image.Width; x++)
            {
                var i = image.IndexOf(x, y);
                for (var c = 0; c < channels; c++) raw[at++] = image.Pixels[i + c];
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)image.Height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(image.HasAlpha ? 6 : 2);
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IDAT"u8, compressed.ToArray());
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        type.CopyTo(head[4..]);
        png.Write(head);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc.Value);
        png.Write(tail);
    }
}
