using Candor.FileSystem;
using Candor.Formats;

namespace Candor.Disclose;

/// <summary>
/// Writes a <see cref="DisclosureContent"/> into the XMP of a PNG, JPEG or WebP file without
/// re-encoding anything: only the XMP block(s) change (and, for WebP, the VP8X flags and the RIFF
/// size); every other block and the image data stay byte-identical. Applying the same content twice
/// gives the same bytes. Where each format keeps the packet is described at the top of
/// <c>PngXmpEmbedding</c>, <c>JpegXmpEmbedding</c> and <c>WebpXmpEmbedding</c>.
/// </summary>
/// <remarks>
/// Changing any byte of a file invalidates a C2PA data hash over it: a file with an embedded C2PA
/// manifest keeps the manifest, whose hashed assertions still verify, but its hard binding to the
/// image no longer does. Re-sign after disclosing.
/// </remarks>
public static class XmpWriter
{
    /// <summary>The file in <paramref name="file"/> with <paramref name="content"/> merged into its XMP; the format is detected from its bytes.</summary>
    /// <exception cref="CandorFormatException">The file is not PNG, JPEG or WebP, is damaged, or its existing XMP is hostile or malformed.</exception>
    /// <exception cref="ArgumentException">The content is not valid (see <see cref="DisclosurePacket.Merge"/>).</exception>
    public static byte[] Apply(ReadOnlyMemory<byte> file, DisclosureContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = file.ToArray();
        var scan = ContainerRegistry.Scan(new MemoryStream(bytes, writable: false));
        try
        {
            return scan.Format switch
            {
                "PNG" => PngXmpEmbedding.Apply(bytes, scan, content),
                "JPEG" => JpegXmpEmbedding.Apply(bytes, scan, content),
                "WebP" => WebpXmpEmbedding.Apply(bytes, scan, content),
                _ => throw new CandorFormatException($"Candor writes disclosures into PNG, JPEG and WebP files, not {scan.Format}", 0, scan.Format),
            };
        }
        catch (XmpCore.XmpException e)
        {
            throw new CandorFormatException($"the {scan.Format} file's XMP could not be rewritten: {e.Message}", 0, scan.Format, e);
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/>, merges <paramref name="content"/> into its XMP and writes the
    /// result to <paramref name="outPath"/> (default: over <paramref name="path"/>) through a
    /// temporary file in the target's folder that is renamed over the target only once complete.
    /// On any failure the target is left as it was.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not PNG, JPEG or WebP, is damaged, or its existing XMP is hostile or malformed.</exception>
    /// <exception cref="IOException">The file cannot be read or the target folder cannot be written; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The target folder may not be written.</exception>
    public static void ApplyFile(string path, DisclosureContent content, string? outPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var output = Apply(File.ReadAllBytes(path), content);
        AtomicFile.WriteAllBytes(outPath ?? path, output);
    }
}
