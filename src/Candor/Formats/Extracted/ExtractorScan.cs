using Candor.Metadata;
using Candor.Provenance;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Xmp;
using XmpCore;
using XmpCore.Options;

namespace Candor.Formats.Extracted;

/// <summary>
/// Reads a file through MetadataExtractor and flattens what it finds into a <see cref="ContainerScan"/>:
/// every tag as a field in group "MX:" + directory name, the XMP packet as a payload, GIF comments
/// as <see cref="FieldGroups.GifComment"/> fields. Blocks are not listed for these formats.
/// </summary>
internal static class ExtractorScan
{
    /// <summary>Directories whose image width/height tags give the picture size: directory type → (width tag, height tag).</summary>
    private static readonly (Type Directory, int Width, int Height)[] SizeTags =
    [
        (typeof(ExifIfd0Directory), ExifDirectoryBase.TagImageWidth, ExifDirectoryBase.TagImageHeight),
        (typeof(GifHeaderDirectory), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
        (typeof(ExifSubIfdDirectory), ExifDirectoryBase.TagExifImageWidth, ExifDirectoryBase.TagExifImageHeight),
    ];

    private static readonly string[] HeifSizeNames = ["Image Width", "Image Height"];

    public static ContainerScan Run(Stream stream, ImageFormat imageFormat, string format, string mimeType)
    {
        stream.Position = 0;
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not CandorFormatException and not OperationCanceledException)
        {
            throw new CandorFormatException($"{format} could not be read: {ex.Message}", -1, format, ex);
        }

        var scan = new ContainerScan { ImageFormat = imageFormat, Format = format, MimeType = mimeType };
        foreach (var directory in directories)
        {
            foreach (var error in directory.Errors) scan.Problems.Add($"{directory.Name}: {error}");
            if (directory is XmpDirectory xmp)
            {
                AddXmp(scan, xmp);
                continue;
            }
            var group = FieldGroups.ExtractorPrefix + directory.Name;
            foreach (var tag in directory.Tags)
            {
                var value = SafeDescription(tag);
                if (value is null) continue;
                scan.Fields.Add(new MetadataField(group, tag.Name, value, new Evidence($"{format} {directory.Name}", tag.Name)));
                if (directory is GifCommentDirectory && tag.Type == GifCommentDirectory.TagComment)
                    scan.Fields.Add(new MetadataField(FieldGroups.GifComment, "Comment", value, new Evidence("GIF comment extension", "Comment")));
            }
        }
        SetSize(scan, directories);
        return scan;
    }

    private static string? SafeDescription(Tag tag)
    {
        try { return tag.Description; }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static void AddXmp(ContainerScan scan, XmpDirectory xmp)
    {
        if (xmp.XmpMeta is null) return;
        try
        {
            var packet = XmpMetaFactory.SerializeToBuffer(xmp.XmpMeta, new SerializeOptions { OmitPacketWrapper = false, UseCompactFormat = true });
            scan.Payloads.Add(new RawPayload(PayloadKind.Xmp, packet, new Evidence($"{scan.Format} XMP")) { Note = "re-serialised from MetadataExtractor's parsed XMP" });
        }
        catch (XmpException ex)
        {
            scan.Problems.Add($"XMP could not be serialised: {ex.Message}");
        }
    }

    private static void SetSize(ContainerScan scan, IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        foreach (var (type, widthTag, heightTag) in SizeTags)
        {
            var directory = directories.FirstOrDefault(d => d.GetType() == type);
            if (directory is null) continue;
            if (directory.TryGetInt32(widthTag, out var w) && directory.TryGetInt32(heightTag, out var h) && w > 0 && h > 0)
            {
                scan.Width = w;
                scan.Height = h;
                return;
            }
        }
        foreach (var directory in directories)
        {
            var width = directory.Tags.FirstOrDefault(t => t.Name == HeifSizeNames[0]);
            var height = directory.Tags.FirstOrDefault(t => t.Name == HeifSizeNames[1]);
            if (width is null || height is null) continue;
            if (directory.TryGetInt32(width.Type, out var w) && directory.TryGetInt32(height.Type, out var h) && w > 0 && h > 0)
            {
                scan.Width = w;
                scan.Height = h;
                return;
            }
        }
    }
}
