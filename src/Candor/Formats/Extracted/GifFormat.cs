namespace Candor.Formats.Extracted;

/// <summary>
/// GIF files, read through MetadataExtractor (fields only; blocks are not listed). Comment
/// extensions also appear as <see cref="Metadata.FieldGroups.GifComment"/> fields.
/// <code>header = "GIF87a" | "GIF89a" | logical screen width u16 LE | height u16 LE | ...</code>
/// </summary>
public sealed class GifFormat : IContainerFormat
{
    /// <inheritdoc />
    public string Name => "GIF";

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) =>
        head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8);

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ExtractorScan.Run(stream, "GIF", "image/gif");
    }
}
