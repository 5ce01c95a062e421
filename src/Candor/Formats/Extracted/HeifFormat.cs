using System.Buffers.Binary;

namespace Candor.Formats.Extracted;

/// <summary>
/// HEIF and AVIF files (ISO-BMFF), read through MetadataExtractor (fields only; blocks are not listed).
/// <code>first box = size u32 BE | "ftyp" | major brand (4) | minor version u32 | compatible brands (4 each) up to size</code>
/// The file matches when the major brand or a compatible brand within the head is a HEIF/AVIF brand.
/// </summary>
public sealed class HeifFormat : IContainerFormat
{
    /// <summary>Brands that mark a still-image HEIF or AVIF file, with the MIME type each implies.</summary>
    private static readonly Dictionary<string, string> Brands = new(StringComparer.Ordinal)
    {
        ["heic"] = "image/heic",
        ["heix"] = "image/heic",
        ["hevc"] = "image/heic-sequence",
        ["mif1"] = "image/heif",
        ["msf1"] = "image/heif-sequence",
        ["avif"] = "image/avif",
        ["avis"] = "image/avif",
    };

    /// <inheritdoc />
    public string Name => "HEIF";

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) => MatchBrand(head) is not null;

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Position = 0;
        Span<byte> head = stackalloc byte[64];
        var n = StreamReading.ReadAtMost(stream, head);
        var brand = MatchBrand(head[..n]) ?? throw new CandorFormatException("not a HEIF/AVIF file (no ftyp box with a HEIF or AVIF brand)", 0);
        var format = brand.StartsWith("avi", StringComparison.Ordinal) ? "AVIF" : "HEIF";
        return ExtractorScan.Run(stream, format, Brands[brand]);
    }

    private static string? MatchBrand(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16 || !head.Slice(4, 4).SequenceEqual("ftyp"u8)) return null;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var end = (int)Math.Min(size, (uint)head.Length);
        if (Brand(head.Slice(8, 4)) is { } major) return major;
        for (var at = 16; at + 4 <= end; at += 4)
            if (Brand(head.Slice(at, 4)) is { } compatible) return compatible;
        return null;
    }

    private static string? Brand(ReadOnlySpan<byte> four)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++) chars[i] = (char)four[i];
        foreach (var key in Brands.Keys)
            if (chars.SequenceEqual(key)) return key;
        return null;
    }
}
