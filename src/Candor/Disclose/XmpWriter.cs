using Candor.FileSystem;
using Candor.Formats;
using XmpCore;

namespace Candor.Disclose;

/// <summary>
/// Writes a <see cref="DisclosureContent"/> into the XMP of a PNG, JPEG or WebP file without
/// re-encoding anything: only the XMP block(s) change (and, for WebP, the VP8X flags and the RIFF
/// size); every other block and the image data stay byte-identical. Applying the same content twice
/// gives the same bytes. What goes into the packet is decided here (every existing packet merged,
/// the disclosure set, and for a container that splits XMP the largest properties moved to an
/// extended packet when the rest does not fit); where the packet goes is the container handler's
/// knowledge (<see cref="IContainerFormat.WriteXmp"/>).
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
    public static byte[] Apply(ReadOnlyMemory<byte> file, DisclosureContent content) => Apply(file, content, null);

    /// <summary>
    /// The file in <paramref name="file"/> with <paramref name="content"/> merged into its XMP; what had to
    /// be repaired in the existing XMP is added to <paramref name="repairs"/> (see <see cref="ApplyFile"/>).
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not PNG, JPEG or WebP, is damaged, or its existing XMP is hostile or malformed.</exception>
    /// <exception cref="ArgumentException">The content is not valid (see <see cref="DisclosurePacket.Merge"/>).</exception>
    public static byte[] Apply(ReadOnlyMemory<byte> file, DisclosureContent content, ICollection<string>? repairs)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = file.ToArray();
        using var stream = new MemoryStream(bytes, writable: false);
        return Edits(stream, content, repairs).ApplyTo(bytes);
    }

    /// <summary>
    /// Reads <paramref name="path"/>, merges <paramref name="content"/> into its XMP and writes the
    /// result to <paramref name="outPath"/> (default: over <paramref name="path"/>) through a
    /// temporary file in the target's folder that is renamed over the target only once complete.
    /// The file is streamed, never held in memory whole. On any failure the target is left as it was.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not PNG, JPEG or WebP, is damaged, or its existing XMP is hostile or malformed.</exception>
    /// <exception cref="IOException">The file cannot be read or the target folder cannot be written; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The target folder may not be written.</exception>
    /// <returns>
    /// What had to be repaired in the file's existing XMP to merge it (a property written twice, as
    /// photo tools often do: the first value is kept and each note names the value dropped); empty
    /// when the packet was sound.
    /// </returns>
    public static IReadOnlyList<string> ApplyFile(string path, DisclosureContent content, string? outPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        RegularFile.Check(path);
        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        var repairs = new List<string>();
        var edits = Edits(source, content, repairs);
        AtomicFile.Write(outPath ?? path, destination => edits.Apply(source, destination));
        return repairs;
    }

    /// <summary>Scans the file, merges its XMP with the content and asks the file's handler where the packet goes.</summary>
    private static ContainerEdits Edits(Stream stream, DisclosureContent content, ICollection<string>? repairs)
    {
        var scan = ContainerRegistry.Scan(stream);
        var container = ContainerRegistry.For(scan);
        if (!container.CanWrite)
            throw new CandorFormatException($"Candor writes disclosures into PNG, JPEG and WebP files, not {scan.Format}", 0, scan.Format, kind: FormatErrorKind.Unsupported);
        try
        {
            container.CheckWritable(scan, stream);
            IXmpMeta? meta = null;
            foreach (var block in container.ReadXmp(scan, stream))
            {
                var parsed = DisclosurePacket.Parse(block.Packet, block.Offset, block.Block, repairs);
                if (meta is null) meta = parsed;
                else XmpUtils.AppendProperties(parsed, meta, true, false, false);
            }
            meta ??= XmpMetaFactory.Create();
            if (container.SplitsXmp)
            {
                var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
                meta.DeleteProperty(noteNs, noteName);
            }
            DisclosurePacket.Apply(meta, content);
            return container.WriteXmp(scan, stream, Packet(meta, container));
        }
        catch (XmpException e)
        {
            throw new CandorFormatException($"the {scan.Format} file's XMP could not be rewritten: {e.Message}", 0, scan.Format, e);
        }
    }

    /// <summary>
    /// The packet with padding when it fits one block, without when only that makes it fit, and
    /// otherwise (for a container that splits XMP) a main packet plus an extended one.
    /// </summary>
    private static XmpPacket Packet(IXmpMeta meta, IContainerFormat container)
    {
        var packet = DisclosurePacket.Serialize(meta, DisclosurePacket.Padding);
        if (packet.Length > container.MaxXmpPacket) packet = DisclosurePacket.Serialize(meta, 0);
        if (packet.Length <= container.MaxXmpPacket) return new XmpPacket(packet);
        if (!container.SplitsXmp)
            throw new CandorFormatException($"the XMP is {packet.Length} bytes, over the {container.MaxXmpPacket}-byte limit of one {container.Name} XMP block", 0, $"{container.Name} XMP", kind: FormatErrorKind.LimitExceeded);

        var (main, extended) = ExtendedXmpSplit.Split(meta, container.MaxXmpPacket);
        var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
        main.SetProperty(noteNs, noteName, XmpPacket.ExtendedGuid(extended));
        packet = DisclosurePacket.Serialize(main, 0);
        if (packet.Length > container.MaxXmpPacket)
            throw new CandorFormatException($"the XMP that must stay in the standard {container.Name} segment is {packet.Length} bytes, over the {container.MaxXmpPacket}-byte limit", 0, $"{container.Name} APP1 XMP", kind: FormatErrorKind.LimitExceeded);
        return new XmpPacket(packet) { Extended = extended };
    }
}
