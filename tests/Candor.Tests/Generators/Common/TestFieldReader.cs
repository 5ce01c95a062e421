using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Candor.Generators;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Generators.Common;

/// <summary>
/// Test-only stand-in for the real container readers (another helper's work; the lead swaps this for them):
/// just enough to turn a corpus file into the <see cref="MetadataField"/>s a generator parser reads.
/// <code>
/// PNG : 8-byte signature, then chunks [u32 BE length][4-byte type][data][u32 CRC];
///       tEXt = keyword \0 Latin-1 text; zTXt = keyword \0 method(0) zlib; iTXt = keyword \0 flag method
///       lang \0 translated \0 UTF-8 text (zlib when flag = 1). IDAT (8-bit RGBA, not interlaced) is decoded
///       only to find a stealth_pnginfo / stealth_pngcomp copy in the alpha LSBs (column-major, MSB first,
///       15-byte magic, u32 BE bit count, payload; gzip for *comp).
/// JPEG: FF D8, segments FF xx [u16 BE length incl. itself]; APP1 "Exif\0\0" + TIFF.
/// WebP: "RIFF" u32 LE "WEBP", chunks [4cc][u32 LE size][data, padded to even]; "EXIF" = TIFF (prefix optional).
/// TIFF: "II"/"MM", 42, u32 offset of IFD0; IFD = u16 count, 12-byte entries (tag, type, count, value/offset).
///       IFD0 0x8769 points at the Exif IFD; 0x9286 UserComment = 8-byte charset prefix + text
///       ("UNICODE\0": UTF-16 whose byte order is decided from where the zero bytes fall, not from the TIFF header).
/// </code>
/// </summary>
public static class TestFieldReader
{
    private static readonly Dictionary<ushort, string> Ifd0Tags = new()
    {
        [0x010E] = "ImageDescription", [0x010F] = "Make", [0x0110] = "Model", [0x0131] = "Software", [0x013B] = "Artist", [0x9286] = "UserComment",
    };

    private static readonly Dictionary<ushort, string> ExifTags = new() { [0x9286] = "UserComment" };

    /// <summary>Builds a context over the fields of the file at <paramref name="path"/>.</summary>
    public static GeneratorContext Context(string path) => new(Read(path), format: FormatOf(File.ReadAllBytes(path)));

    /// <summary>The text fields of a PNG, JPEG or WebP file.</summary>
    public static List<MetadataField> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var fields = new List<MetadataField>();
        switch (FormatOf(bytes))
        {
            case "PNG": ReadPng(bytes, fields); break;
            case "JPEG": ReadJpeg(bytes, fields); break;
            case "WebP": ReadWebp(bytes, fields); break;
        }
        return fields;
    }

    private static string? FormatOf(byte[] b) =>
        b.Length > 8 && b[0] == 0x89 && b[1] == (byte)'P' ? "PNG"
        : b.Length > 2 && b[0] == 0xFF && b[1] == 0xD8 ? "JPEG"
        : b.Length > 12 && Encoding.ASCII.GetString(b, 8, 4) == "WEBP" ? "WebP"
        : null;

    private static void ReadPng(byte[] b, List<MetadataField> fields)
    {
        var pos = 8;
        int width = 0, height = 0, colorType = 0, bitDepth = 0, interlace = 0;
        using var idat = new MemoryStream();
        while (pos + 12 <= b.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(pos));
            var type = Encoding.ASCII.GetString(b, pos + 4, 4);
            var data = b.AsSpan(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    interlace = data[12];
                    break;
                case "IDAT": idat.Write(data); break;
                case "tEXt":
                {
                    var nul = data.IndexOf((byte)0);
                    fields.Add(Field(FieldGroups.PngText, Encoding.Latin1.GetString(data[..nul]), Encoding.Latin1.GetString(data[(nul + 1)..]), "PNG tEXt", pos));
                    break;
                }
                case "zTXt":
                {
                    var nul = data.IndexOf((byte)0);
                    fields.Add(Field(FieldGroups.PngZText, Encoding.Latin1.GetString(data[..nul]), Encoding.Latin1.GetString(Inflate(data[(nul + 2)..].ToArray())), "PNG zTXt", pos));
                    break;
                }
                case "iTXt":
                {
                    var nul = data.IndexOf((byte)0);
                    var keyword = Encoding.Latin1.GetString(data[..nul]);
                    var compressed = data[nul + 1] == 1;
                    var rest = data[(nul + 3)..];
                    rest = rest[(rest.IndexOf((byte)0) + 1)..];
                    rest = rest[(rest.IndexOf((byte)0) + 1)..];
                    var text = compressed ? Encoding.UTF8.GetString(Inflate(rest.ToArray())) : Encoding.UTF8.GetString(rest);
                    fields.Add(Field(FieldGroups.PngIText, keyword, text, "PNG iTXt", pos));
                    break;
                }
            }
            pos += 12 + length;
        }
        if (colorType == 6 && bitDepth == 8 && interlace == 0 && width > 0)
        {
            var stealth = StealthAlpha(Unfilter(Inflate(idat.ToArray()), width, height), width, height);
            if (stealth is not null) fields.Add(Field(FieldGroups.StealthAlpha, "parameters", stealth, "PNG alpha LSB", null));
        }
    }

    private static byte[] Unfilter(byte[] raw, int width, int height)
    {
        const int bpp = 4;
        var stride = width * bpp;
        var image = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan(y * (stride + 1) + 1, stride);
            var dst = image.AsSpan(y * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? dst[x - bpp] : 0, up = y > 0 ? image[(y - 1) * stride + x] : 0, c = x >= bpp && y > 0 ? image[(y - 1) * stride + x - bpp] : 0;
                var predictor = filter switch
                {
                    1 => a,
                    2 => up,
                    3 => (a + up) / 2,
                    4 => Paeth(a, up, c),
                    _ => 0,
                };
                dst[x] = (byte)(src[x] + predictor);
            }
        }
        return image;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static string? StealthAlpha(byte[] rgba, int width, int height)
    {
        var total = width * height;
        int Bit(int i) => rgba[((i % height) * width + i / height) * 4 + 3] & 1;
        byte[] Bytes(int startBit, int count)
        {
            var result = new byte[count];
            for (var i = 0; i < count * 8; i++) result[i / 8] = (byte)((result[i / 8] << 1) | Bit(startBit + i));
            return result;
        }
        if (total < 15 * 8 + 32) return null;
        var magic = Encoding.ASCII.GetString(Bytes(0, 15));
        if (magic is not ("stealth_pnginfo" or "stealth_pngcomp")) return null;
        var bits = (int)BinaryPrimitives.ReadUInt32BigEndian(Bytes(120, 4));
        if (bits <= 0 || 152 + bits > total) return null;
        var payload = Bytes(152, bits / 8);
        if (magic == "stealth_pngcomp")
        {
            using var gz = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            payload = output.ToArray();
        }
        return Encoding.UTF8.GetString(payload);
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var z = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }

    private static void ReadJpeg(byte[] b, List<MetadataField> fields)
    {
        var pos = 2;
        while (pos + 4 <= b.Length && b[pos] == 0xFF)
        {
            var marker = b[pos + 1];
            if (marker is 0xDA or 0xD9) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(pos + 2));
            if (marker == 0xE1 && length > 8 && Encoding.ASCII.GetString(b, pos + 4, 6) == "Exif\0\0")
                ReadTiff(b.AsSpan(pos + 10, length - 8), pos + 10, fields);
            pos += 2 + length;
        }
    }

    private static void ReadWebp(byte[] b, List<MetadataField> fields)
    {
        var pos = 12;
        while (pos + 8 <= b.Length)
        {
            var type = Encoding.ASCII.GetString(b, pos, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(pos + 4));
            if (type == "EXIF")
            {
                var data = b.AsSpan(pos + 8, size);
                var skip = data.StartsWith("Exif\0\0"u8) ? 6 : 0;
                ReadTiff(data[skip..], pos + 8 + skip, fields);
            }
            pos += 8 + size + (size & 1);
        }
    }

    private static void ReadTiff(ReadOnlySpan<byte> t, long offset, List<MetadataField> fields)
    {
        var big = t[0] == (byte)'M';
        uint U32(ReadOnlySpan<byte> s) => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
        ushort U16(ReadOnlySpan<byte> s) => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
        var exifIfd = 0u;
        var ifd0 = (int)U32(t[4..]);
        var copy = t.ToArray();
        void Walk(int ifd, Dictionary<ushort, string> names, string group, bool findExif)
        {
            var count = U16(copy.AsSpan(ifd));
            for (var i = 0; i < count; i++)
            {
                var e = copy.AsSpan(ifd + 2 + i * 12, 12);
                var tag = U16(e);
                var n = (int)U32(e[4..]);
                if (findExif && tag == 0x8769) exifIfd = U32(e[8..]);
                if (!names.TryGetValue(tag, out var name)) continue;
                var valueOffset = n <= 4 ? ifd + 2 + i * 12 + 8 : (int)U32(e[8..]);
                var raw = copy.AsSpan(valueOffset, n);
                var text = tag == 0x9286 ? DecodeUserComment(raw) : Encoding.UTF8.GetString(raw).TrimEnd('\0');
                fields.Add(Field(group, name, text, group == FieldGroups.ExifIfd0 ? "EXIF IFD0" : "EXIF ExifIFD", offset + valueOffset));
            }
        }
        Walk(ifd0, Ifd0Tags, FieldGroups.ExifIfd0, true);
        if (exifIfd != 0) Walk((int)exifIfd, ExifTags, FieldGroups.ExifSubIfd, false);
    }

    private static string DecodeUserComment(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 8) return Encoding.UTF8.GetString(raw);
        var prefix = Encoding.ASCII.GetString(raw[..8]);
        var body = raw[8..];
        if (prefix == "UNICODE\0")
        {
            // Text in these files is mostly ASCII: the zero byte of each UTF-16 unit shows its order.
            int evenZeros = 0, oddZeros = 0;
            for (var i = 0; i + 1 < body.Length; i += 2)
            {
                if (body[i] == 0) evenZeros++;
                if (body[i + 1] == 0) oddZeros++;
            }
            return (evenZeros >= oddZeros ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(body).TrimEnd('\0');
        }
        return Encoding.UTF8.GetString(prefix.StartsWith("ASCII", StringComparison.Ordinal) || prefix == "\0\0\0\0\0\0\0\0" ? body : raw).TrimEnd('\0');
    }

    private static MetadataField Field(string group, string name, string value, string block, long? offset) =>
        new(group, name, value, new Evidence(block, name, Offset: offset));
}
