using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Imaging.Png;

/// <summary>A minimal tEXt / iTXt / zTXt reader for tests (the product's container readers live elsewhere).</summary>
public static class PngTestText
{
    /// <summary>Every text chunk of <paramref name="png"/> as a field.</summary>
    public static List<MetadataField> Read(byte[] png)
    {
        var fields = new List<MetadataField>();
        var at = 8;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var zero = data.IndexOf((byte)0);
            if (type is "tEXt" or "iTXt" or "zTXt" && zero > 0)
            {
                var key = Encoding.Latin1.GetString(data[..zero]);
                var rest = data[(zero + 1)..];
                string value;
                if (type == "tEXt") value = Encoding.Latin1.GetString(rest);
                else if (type == "zTXt") value = Encoding.Latin1.GetString(Inflate(rest[1..]));
                else
                {
                    var compressed = rest[0] == 1;
                    rest = rest[2..];
                    rest = rest[(rest.IndexOf((byte)0) + 1)..]; // language
                    rest = rest[(rest.IndexOf((byte)0) + 1)..]; // translated keyword
                    value = Encoding.UTF8.GetString(compressed ? Inflate(rest) : rest.ToArray());
                }
                var group = type switch { "tEXt" => FieldGroups.PngText, "zTXt" => FieldGroups.PngZText, _ => FieldGroups.PngIText };
                fields.Add(new MetadataField(group, key, value, new Evidence($"PNG {type}", key, Offset: at)));
            }
            at += 12 + length;
        }
        return fields;
    }

    private static byte[] Inflate(ReadOnlySpan<byte> data)
    {
        using var z = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
        using var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }
}
