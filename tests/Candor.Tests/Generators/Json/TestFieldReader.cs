using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Candor.Generators;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.Json;

/// <summary>
/// Test-only stand-in for the real container and EXIF readers: just enough to hand generator parsers the
/// fields of the corpus files. Trusts its input (corpus files only).
/// <code>
/// PNG:  8-byte signature, then chunks: u32 BE length | 4-byte type | data | u32 CRC
///       tEXt = keyword \0 Latin-1 text; zTXt = keyword \0 method zlib-text;
///       iTXt = keyword \0 flag method language \0 translated \0 UTF-8 text (zlib when flag = 1)
/// JPEG: FF D8, segments FF xx | u16 BE length | data; APP1 "Exif\0\0" + TIFF
/// WebP: "RIFF" u32 LE size "WEBP", chunks: 4-byte id | u32 LE size | data (padded to even); "EXIF" = [Exif\0\0] TIFF
/// TIFF: "II"/"MM" 42 u32 IFD0 offset; IFD = u16 count, 12-byte entries (tag, type, count, value/offset)
/// </code>
/// </summary>
internal static class TestFieldReader
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Dictionary<ushort, string> Ifd0Tags = new()
    {
        [0x010E] = "ImageDescription",
        [0x010F] = "Make",
        [0x0110] = "Model",
        [0x0131] = "Software",
        [0x013B] = "Artist",
        [0x9286] = "UserComment",
    };

    public static GeneratorContext Context(string path) => new(Read(path), format: Path.GetExtension(path));

    public static List<MetadataField> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith(PngSignature)) return ReadPng(bytes);
        var fields = new List<MetadataField>();
        if (bytes.Length > 12 && Encoding.ASCII.GetString(bytes, 0, 4) == "RIFF")
        {
            for (var at = 12; at + 8 <= bytes.Length;)
            {
                var id = Encoding.ASCII.GetString(bytes, at, 4);
                var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
                if (id == "EXIF") ReadTiff(StripExifHeader(bytes.AsSpan(at + 8, size)), fields);
                at += 8 + size + (size & 1);
            }
        }
        else if (bytes.Length > 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            for (var at = 2; at + 4 <= bytes.Length && bytes[at] == 0xFF;)
            {
                var marker = bytes[at + 1];
                if (marker == 0xDA) break;
                var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2));
                var data = bytes.AsSpan(at + 4, length - 2);
                if (marker == 0xE1 && data.StartsWith("Exif\0\0"u8)) ReadTiff(data[6..], fields);
                at += 2 + length;
            }
        }
        return fields;
    }

    private static ReadOnlySpan<byte> StripExifHeader(ReadOnlySpan<byte> data) => data.StartsWith("Exif\0\0"u8) ? data[6..] : data;

    private static List<MetadataField> ReadPng(byte[] bytes)
    {
        var fields = new List<MetadataField>();
        for (var at = 8; at + 12 <= bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            var type = Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            var nul = data.IndexOf((byte)0);
            if (nul > 0 && type is "tEXt" or "zTXt" or "iTXt")
            {
                var keyword = Encoding.Latin1.GetString(data[..nul]);
                var rest = data[(nul + 1)..];
                var (group, text) = type switch
                {
                    "tEXt" => (FieldGroups.PngText, Encoding.Latin1.GetString(rest)),
                    "zTXt" => (FieldGroups.PngZText, Encoding.Latin1.GetString(Inflate(rest[1..]))),
                    _ => (FieldGroups.PngIText, ReadItxt(rest)),
                };
                fields.Add(new MetadataField(group, keyword, text, new Evidence($"PNG {type}", keyword, Offset: at)));
            }
            at += 12 + length;
        }
        return fields;
    }

    private static string ReadItxt(ReadOnlySpan<byte> rest)
    {
        var compressed = rest[0] == 1;
        rest = rest[2..];
        rest = rest[(rest.IndexOf((byte)0) + 1)..];
        rest = rest[(rest.IndexOf((byte)0) + 1)..];
        return Encoding.UTF8.GetString(compressed ? Inflate(rest) : rest);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> data)
    {
        using var z = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    private static void ReadTiff(ReadOnlySpan<byte> tiff, List<MetadataField> fields)
    {
        var big = tiff[0] == (byte)'M';
        var ifd0 = U32(tiff, 4, big);
        ReadIfd(tiff, (int)ifd0, big, FieldGroups.ExifIfd0, "EXIF IFD0", fields, 0);
    }

    private static void ReadIfd(ReadOnlySpan<byte> tiff, int at, bool big, string group, string block, List<MetadataField> fields, int depth)
    {
        if (depth > 2 || at <= 0 || at + 2 > tiff.Length) return;
        var count = U16(tiff, at, big);
        for (var i = 0; i < count; i++)
        {
            var e = at + 2 + 12 * i;
            if (e + 12 > tiff.Length) return;
            var tag = U16(tiff, e, big);
            var type = U16(tiff, e + 2, big);
            var n = (int)U32(tiff, e + 4, big);
            if (tag == 0x8769)
            {
                ReadIfd(tiff, (int)U32(tiff, e + 8, big), big, FieldGroups.ExifSubIfd, "EXIF ExifIFD", fields, depth + 1);
                continue;
            }
            if (!Ifd0Tags.TryGetValue(tag, out var name) || type is not (2 or 7)) continue;
            var offset = n <= 4 ? e + 8 : (int)U32(tiff, e + 8, big);
            if (offset + n > tiff.Length) continue;
            var raw = tiff.Slice(offset, n);
            var text = tag == 0x9286 ? DecodeUserComment(raw) : Encoding.UTF8.GetString(raw).TrimEnd('\0');
            fields.Add(new MetadataField(group, name, text, new Evidence(block, name)));
        }
    }

    private static string DecodeUserComment(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 8) return "";
        var body = raw[8..];
        if (!raw.StartsWith("UNICODE\0"u8)) return Encoding.UTF8.GetString(body).TrimEnd('\0');
        // ASCII text in UTF-16: the zero byte comes first in big-endian order.
        var zeroFirst = 0;
        for (var i = 0; i + 1 < body.Length && i < 512; i += 2)
            zeroFirst += body[i] == 0 ? 1 : body[i + 1] == 0 ? -1 : 0;
        return (zeroFirst >= 0 ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(body).TrimEnd('\0');
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
}
