namespace Candor.Formats.Extracted;

/// <summary>
/// TIFF files, read through MetadataExtractor (fields only; blocks are not listed).
/// <code>header = "II" 2A 00 (little-endian) | "MM" 00 2A (big-endian) | first IFD offset u32</code>
/// </summary>
public sealed class TiffFormat : IContainerFormat
{
    /// <inheritdoc />
    public string Name => "TIFF";

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) =>
        head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8);

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ExtractorScan.Run(stream, "TIFF", "image/tiff");
    }
}
