using Candor.Metadata;

namespace Candor.Formats;

/// <summary>
/// What a container reader found in one file: the block list, the raw metadata payloads it
/// carries (reassembled across segments where the format splits them), and any text it could
/// decode on its own (PNG text chunks, JPEG comments). Interpreting EXIF, XMP, IPTC and C2PA
/// payloads is the job of the readers in <c>Candor.Metadata</c> and <c>Candor.C2pa</c>.
/// </summary>
public sealed class ContainerScan
{
    /// <summary>The container format, for dispatch (see <see cref="ContainerRegistry.For(ImageFormat)"/>).</summary>
    public required ImageFormat ImageFormat { get; init; }

    /// <summary>Display name, as reports print it: "PNG", "JPEG", "WebP", "TIFF", "HEIF", "AVIF", "GIF".</summary>
    public required string Format { get; init; }

    /// <summary>MIME type, e.g. "image/png".</summary>
    public required string MimeType { get; init; }

    /// <summary>Pixel width when the header says so.</summary>
    public int? Width { get; set; }

    /// <summary>Pixel height when the header says so.</summary>
    public int? Height { get; set; }

    /// <summary>Every block, in file order.</summary>
    public List<ContainerBlock> Blocks { get; } = [];

    /// <summary>Raw payloads: EXIF (TIFF header onward, any "Exif\0\0" prefix removed), XMP (the packet, extended XMP merged), IPTC IIM, C2PA JUMBF store, ICC.</summary>
    public List<RawPayload> Payloads { get; } = [];

    /// <summary>Text values the container itself defines (PNG tEXt/zTXt/iTXt, JPEG COM, GIF comments).</summary>
    public List<MetadataField> Fields { get; } = [];

    /// <summary>Non-fatal problems: CRC mismatches, data after the end marker, capped chunks.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What this scan has decompressed and kept, against <see cref="ScanOptions.MaxTotalBytes"/>.</summary>
    public ScanBudget Budget { get; init; } = new(ScanOptions.Default.MaxTotalBytes);

    /// <summary>Adds <paramref name="payload"/> when the budget has room for it; otherwise counts it as a skipped <paramref name="what"/>.</summary>
    internal void AddPayload(RawPayload payload, string what)
    {
        if (Budget.TryKeep(payload.Data.Length, what)) Payloads.Add(payload);
    }

    /// <summary>PNG/WebP: colour information needed to decide whether a pixel decode is worth it (has alpha).</summary>
    public bool HasAlpha { get; set; }
}
