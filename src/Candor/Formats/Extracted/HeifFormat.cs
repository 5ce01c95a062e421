using System.Buffers.Binary;
using Candor.Metadata;

namespace Candor.Formats.Extracted;

/// <summary>
/// HEIF and AVIF files (ISO-BMFF). Boxes are listed and the raw EXIF and XMP items are lifted out by
/// <see cref="IsoBmffItems"/>; the other metadata comes from MetadataExtractor. When the raw EXIF item
/// was found, MetadataExtractor's EXIF directories are dropped (Candor's EXIF reader decodes the item);
/// when the raw XMP item was found, MetadataExtractor's re-serialised XMP is dropped. If MetadataExtractor
/// fails on a file whose boxes are readable, that is a problem on the scan and the raw items are still returned.
/// <code>first box = size u32 BE | "ftyp" | major brand (4) | minor version u32 | compatible brands (4 each) up to size</code>
/// The file matches when the major brand or a compatible brand within the head is a HEIF/AVIF brand.
/// </summary>
public sealed class HeifFormat : ReadOnlyContainerFormat
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

    /// <summary>MetadataExtractor's EXIF directories, as field groups; dropped when the raw EXIF item was read.</summary>
    private static readonly HashSet<string> ExtractorExifGroups = new(StringComparer.Ordinal)
    {
        FieldGroups.ExtractorPrefix + "Exif IFD0",
        FieldGroups.ExtractorPrefix + "Exif SubIFD",
        FieldGroups.ExtractorPrefix + "Exif Thumbnail",
        FieldGroups.ExtractorPrefix + "GPS",
        FieldGroups.ExtractorPrefix + "Interoperability",
    };

    /// <inheritdoc />
    public override ImageFormat ImageFormat => ImageFormat.Heif;

    /// <inheritdoc />
    public override string Name => "HEIF";

    /// <inheritdoc />
    public override string MimeType => "image/heif";

    /// <inheritdoc />
    public override bool Matches(ReadOnlySpan<byte> head) => MatchBrand(head) is not null;

    /// <inheritdoc />
    public override ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Position = 0;
        Span<byte> head = stackalloc byte[64];
        var n = StreamReading.ReadAtMost(stream, head);
        var brand = MatchBrand(head[..n]) ?? throw new CandorFormatException("not a HEIF/AVIF file (no ftyp box with a HEIF or AVIF brand)", 0, kind: FormatErrorKind.Unsupported);
        var format = brand.StartsWith("avi", StringComparison.Ordinal) ? "AVIF" : "HEIF";
        var own = new ContainerScan { ImageFormat = ImageFormat, Format = format, MimeType = Brands[brand], Budget = new ScanBudget(options.MaxTotalBytes) };
        IsoBmffItems.Read(stream, own, options);
        var hasExif = own.Payloads.Exists(p => p.Kind == PayloadKind.Exif);
        var hasXmp = own.Payloads.Exists(p => p.Kind == PayloadKind.Xmp);

        ContainerScan scan;
        try
        {
            scan = ExtractorScan.Run(stream, ImageFormat, format, Brands[brand]);
        }
        catch (CandorFormatException e)
        {
            scan = new ContainerScan { ImageFormat = ImageFormat, Format = format, MimeType = Brands[brand] };
            scan.Problems.Add($"MetadataExtractor could not read the file; only the boxes and raw items are reported: {e.Message}");
        }
        if (hasExif) scan.Fields.RemoveAll(f => ExtractorExifGroups.Contains(f.Group));
        if (hasXmp) scan.Payloads.RemoveAll(p => p.Kind == PayloadKind.Xmp);
        scan.Blocks.AddRange(own.Blocks.OrderBy(b => b.Offset));
        scan.Payloads.AddRange(own.Payloads);
        scan.Problems.AddRange(own.Problems);
        if (own.Budget.Summary is { } spent) scan.Problems.Add(spent);
        return scan;
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
