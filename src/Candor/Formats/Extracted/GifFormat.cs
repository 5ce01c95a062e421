namespace Candor.Formats.Extracted;

/// <summary>
/// GIF files, read through MetadataExtractor (fields only; blocks are not listed). Comment
/// extensions also appear as <see cref="Metadata.FieldGroups.GifComment"/> fields.
/// <code>header = "GIF87a" | "GIF89a" | logical screen width u16 LE | height u16 LE | ...</code>
/// </summary>
public sealed class GifFormat : ReadOnlyContainerFormat
{
    /// <inheritdoc />
    public override ImageFormat ImageFormat => ImageFormat.Gif;

    /// <inheritdoc />
    public override string Name => "GIF";

    /// <inheritdoc />
    public override string MimeType => "image/gif";

    /// <inheritdoc />
    public override bool Matches(ReadOnlySpan<byte> head) =>
        head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8);

    /// <inheritdoc />
    public override ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ExtractorScan.Run(stream, ImageFormat, Name, MimeType);
    }
}
