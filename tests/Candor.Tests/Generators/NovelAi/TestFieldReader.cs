using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.NovelAi;

/// <summary>
/// Test-only stand-in for the container readers: just enough to turn the NovelAI corpus files into
/// <see cref="MetadataField"/>s. Trusts its input (corpus files only).
/// <code>
/// PNG : 89 50 4E 47 0D 0A 1A 0A, then chunks: u32 BE length | 4-byte type | data | u32 CRC
///       tEXt = keyword \0 Latin-1 text;  zTXt = keyword \0 method(1) zlib;
///       iTXt = keyword \0 flag(1) method(1) language \0 translated keyword \0 UTF-8 text (zlib if flag)
/// WebP: "RIFF" u32 LE size "WEBP", then chunks: fourcc | u32 LE size | data | pad to even
///       "EXIF" data = optional "Exif\0\0" + TIFF: "II"/"MM" 42 u32 IFD0 offset;
///       IFD = u16 count, count × (u16 tag, u16 type, u32 count, u32 value-or-offset), u32 next
///       IFD0 0x010D DocumentName, 0x010E ImageDescription, 0x0131 Software, 0x8769 ExifIFD offset;
///       ExifIFD 0x9286 UserComment = 8-byte charset ("ASCII\0\0\0") + text
/// </code>
/// </summary>
internal static class TestFieldReader
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static List<MetadataField> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith(PngSignature)) return ReadPng(bytes);
        if (bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8)) return ReadWebp(bytes);
        throw new InvalidDataException($"not a PNG or WebP file: {path}");
    }

    private static List<MetadataField> ReadPng(byte[] b)
    {
        var fields = new List<MetadataField>();
        var pos = 8;
        while (pos + 12 <= b.Length)
        {
            var len = (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(pos));
            var type = Encoding.ASCII.GetString(b, pos + 4, 4);
            var data = b.AsSpan(pos + 8, len);
            var nul = data.IndexOf((byte)0);
            if (type is "tEXt" or "zTXt" or "iTXt" && nul > 0)
            {
                var key = Encoding.Latin1.GetString(data[..nul]);
                var rest = data[(nul + 1)..];
                var (group, text) = type switch
                {
                    "tEXt" => (FieldGroups.PngText, Encoding.Latin1.GetString(rest)),
                    "zTXt" => (FieldGroups.PngZText, Encoding.Latin1.GetString(Inflate(rest[1..]))),
                    _ => (FieldGroups.PngIText, ITxt(rest)),
                };
                fields.Add(new MetadataField(group, key, text, new Evidence($"PNG {type}", key, Offset: pos)));
            }
            if (type == "IEND") break;
            pos += 12 + len;
        }
        return fields;
    }

    private static string ITxt(ReadOnlySpan<byte> rest)
    {
        var compressed = rest[0] == 1;
        rest = rest[2..];
        rest = rest[(rest.IndexOf((byte)0) + 1)..]; // language
        rest = rest[(rest.IndexOf((byte)0) + 1)..]; // translated keyword
        return Encoding.UTF8.GetString(compressed ? Inflate(rest) : rest);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> data)
    {
        using var z = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
        using var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }

    private static List<MetadataField> ReadWebp(byte[] b)
    {
        var pos = 12;
        while (pos + 8 <= b.Length)
        {
            var fourcc = Encoding.ASCII.GetString(b, pos, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(pos + 4));
            if (fourcc == "EXIF")
            {
                var start = pos + 8;
                if (b.AsSpan(start).StartsWith("Exif\0\0"u8)) start += 6;
                return ReadTiff(b.AsSpan(start, size - (start - pos - 8)), start);
            }
            pos += 8 + size + (size & 1);
        }
        return [];
    }

    private static readonly Dictionary<ushort, string> Ifd0Tags = new()
    {
        [0x010D] = "DocumentName",
        [0x010E] = "ImageDescription",
        [0x0131] = "Software",
    };

    private static List<MetadataField> ReadTiff(ReadOnlySpan<byte> t, long fileOffset)
    {
        var big = t[0] == (byte)'M';
        ushort U16(ReadOnlySpan<byte> s, int at) => big ? BinaryPrimitives.ReadUInt16BigEndian(s[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
        uint U32(ReadOnlySpan<byte> s, int at) => big ? BinaryPrimitives.ReadUInt32BigEndian(s[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

        var fields = new List<MetadataField>();
        var ifd0 = (int)U32(t, 4);
        var exifIfd = -1;
        for (int n = U16(t, ifd0), i = 0; i < n; i++)
        {
            var e = ifd0 + 2 + 12 * i;
            var tag = U16(t, e);
            if (tag == 0x8769) exifIfd = (int)U32(t, e + 8);
            if (!Ifd0Tags.TryGetValue(tag, out var name)) continue;
            var value = Value(t, e, U32(t, e + 4), U32(t, e + 8));
            var text = Encoding.UTF8.GetString(value).TrimEnd('\0');
            fields.Add(new MetadataField(FieldGroups.ExifIfd0, name, text, new Evidence("EXIF IFD0", name, Offset: fileOffset + e)));
        }
        if (exifIfd < 0) return fields;
        for (int n = U16(t, exifIfd), i = 0; i < n; i++)
        {
            var e = exifIfd + 2 + 12 * i;
            if (U16(t, e) != 0x9286) continue;
            var value = Value(t, e, U32(t, e + 4), U32(t, e + 8));
            var text = Encoding.UTF8.GetString(value[8..]).TrimEnd('\0');
            fields.Add(new MetadataField(FieldGroups.ExifSubIfd, "UserComment", text, new Evidence("EXIF ExifIFD", "UserComment", Offset: fileOffset + e)));
        }
        return fields;
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> t, int entry, uint count, uint offset) =>
        count <= 4 ? t.Slice(entry + 8, (int)count) : t.Slice((int)offset, (int)count);
}
