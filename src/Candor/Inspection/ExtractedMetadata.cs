using Candor.Metadata;

namespace Candor.Inspection;

/// <summary>All decoded text fields of one file, and what could not be decoded.</summary>
public sealed class ExtractedMetadata
{
    /// <summary>Every field, in file order: container text (PNG chunks, JPEG comments) and decoded EXIF, XMP and IPTC.</summary>
    public List<MetadataField> Fields { get; } = [];

    /// <summary>
    /// Payloads or parts of payloads that could not be decoded, one line each, e.g.
    /// "EXIF in JPEG APP1 @ 1234: IFD0 offset 9999 lies outside the 512-byte EXIF block".
    /// The container's own problems stay with the container scan.
    /// </summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// Defects that were repaired so the payload could still be read, one line each, e.g.
    /// "XMP in JPEG APP1 XMP @ 20: photoshop:LegacyIPTCDigest is written twice with the same value; the repeat was dropped".
    /// </summary>
    public List<string> Repairs { get; } = [];
}
