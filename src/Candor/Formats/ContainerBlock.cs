namespace Candor.Formats;

/// <summary>
/// One block of a container as it sits in the file: a PNG chunk, a JPEG marker segment, a RIFF
/// chunk, a TIFF IFD entry group, an ISO-BMFF box. Offsets are absolute in the file.
/// </summary>
public sealed record ContainerBlock
{
    /// <summary>Block type as written: "tEXt", "IHDR", "APP1", "SOS", "VP8X", "EXIF".</summary>
    public required string Type { get; init; }

    /// <summary>Offset of the block's first byte (length/marker field included).</summary>
    public required long Offset { get; init; }

    /// <summary>Total length in bytes, header and trailer (CRC) included.</summary>
    public required long Length { get; init; }

    /// <summary>Offset of the payload.</summary>
    public required long DataOffset { get; init; }

    /// <summary>Payload length.</summary>
    public required long DataLength { get; init; }

    /// <summary>What the payload is when recognised: "EXIF", "XMP", "ExtendedXMP", "ICC", "IPTC", "JUMBF", "Text 'parameters'".</summary>
    public string? Label { get; init; }

    /// <summary>Problems found in this block that did not stop reading (e.g. "CRC mismatch: stored 0x…, computed 0x…").</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
