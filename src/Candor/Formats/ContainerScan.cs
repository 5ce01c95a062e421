using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Formats;

/// <summary>
/// What a container reader found in one file: the block list, the raw metadata payloads it
/// carries (reassembled across segments where the format splits them), and any text it could
/// decode on its own (PNG text chunks, JPEG comments). Interpreting EXIF, XMP, IPTC and C2PA
/// payloads is the job of the readers in <c>Candor.Metadata</c> and <c>Candor.C2pa</c>.
/// </summary>
public sealed class ContainerScan
{
    /// <summary>Format name: "PNG", "JPEG", "WebP", "TIFF", "HEIF", "GIF".</summary>
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

    /// <summary>PNG/WebP: colour information needed to decide whether a pixel decode is worth it (has alpha).</summary>
    public bool HasAlpha { get; set; }
}

/// <summary>Kinds of <see cref="RawPayload"/>.</summary>
public enum PayloadKind
{
    /// <summary>TIFF-structured EXIF, starting at the byte-order mark.</summary>
    Exif,
    /// <summary>An XMP packet as UTF-8 text bytes.</summary>
    Xmp,
    /// <summary>IPTC-IIM datasets (already unwrapped from Photoshop 8BIM resources).</summary>
    Iptc,
    /// <summary>A C2PA manifest store: the JUMBF superbox bytes.</summary>
    C2pa,
    /// <summary>An ICC profile.</summary>
    Icc,
}

/// <summary>A metadata payload lifted out of a container, with where it came from.</summary>
public sealed record RawPayload(PayloadKind Kind, byte[] Data, Evidence Evidence)
{
    /// <summary>Notes from reassembly (e.g. "extended XMP: 3 parts, GUID …").</summary>
    public string? Note { get; init; }
}
