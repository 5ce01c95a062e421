namespace Candor.Formats.Extracted;

/// <summary>
/// TIFF files, read through MetadataExtractor (fields only; blocks are not listed).
/// <code>header = "II" 2A 00 (little-endian) | "MM" 00 2A (big-endian) | first IFD offset u32</code>
/// </summary>
public sealed class TiffFormat : ReadOnlyContainerFormat
{
    /// <inheritdoc />
    public override ImageFormat ImageFormat => ImageFormat.Tiff;

    /// <inheritdoc />
    public override string Name => "TIFF";

    /// <inheritdoc />
    public override string MimeType => "image/tiff";

    /// <inheritdoc />
    public override bool Matches(ReadOnlySpan<byte> head) =>
        head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8);

    /// <inheritdoc />
    public override ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ExtractorScan.Run(stream, ImageFormat, Name, MimeType);
    }
}
