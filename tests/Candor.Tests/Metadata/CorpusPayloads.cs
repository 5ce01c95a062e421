using System.Buffers.Binary;

namespace Candor.Tests.Metadata;

/// <summary>
/// Test-only, minimal payload locator for corpus files (JPEG APP1 Exif/XMP, APP13 IPTC; WebP
/// "EXIF" chunk) so the metadata readers can be tested before the container readers land.
/// </summary>
public static class CorpusPayloads
{
    public sealed record Found(byte[] Data, long Offset);

    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpHeader = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private static readonly byte[] PhotoshopHeader = "Photoshop 3.0\0"u8.ToArray();

    public static Found? Exif(byte[] file) => IsWebp(file) ? WebpExif(file) : Jpeg(file, 0xE1, ExifHeader);

    public static Found? Xmp(byte[] file) => Jpeg(file, 0xE1, XmpHeader);

    public static Found? Iptc(byte[] file)
    {
        var ps = Jpeg(file, 0xED, PhotoshopHeader);
        if (ps is null) return null;
        var d = ps.Data;
        var p = 0;
        while (p + 12 <= d.Length && d.AsSpan(p, 4).SequenceEqual("8BIM"u8))
        {
            var id = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(p + 4));
            var nameLength = d[p + 6];
            var q = p + 6 + ((nameLength + 2) & ~1);
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(q));
            if (id == 0x0404) return new Found(d.AsSpan(q + 4, size).ToArray(), ps.Offset + q + 4);
            p = q + 4 + ((size + 1) & ~1);
        }
        return null;
    }

    private static bool IsWebp(byte[] f) => f.Length >= 12 && f.AsSpan(0, 4).SequenceEqual("RIFF"u8) && f.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    private static Found? WebpExif(byte[] f)
    {
        for (var p = 12; p + 8 <= f.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(p + 4));
            if (f.AsSpan(p, 4).SequenceEqual("EXIF"u8))
            {
                var start = p + 8;
                if (f.AsSpan(start).StartsWith(ExifHeader)) { start += 6; size -= 6; }
                return new Found(f.AsSpan(start, size).ToArray(), start);
            }
            p += 8 + ((size + 1) & ~1);
        }
        return null;
    }

    private static Found? Jpeg(byte[] f, byte marker, byte[] header)
    {
        for (var p = 2; p + 4 <= f.Length && f[p] == 0xFF;)
        {
            var m = f[p + 1];
            if (m == 0xDA) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(p + 2));
            var data = f.AsSpan(p + 4, length - 2);
            if (m == marker && data.StartsWith(header))
                return new Found(data[header.Length..].ToArray(), p + 4 + header.Length);
            p += 2 + length;
        }
        return null;
    }
}
