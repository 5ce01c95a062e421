namespace Candor.Formats;

/// <summary>
/// Everything Candor does with one container format: detect it, scan its blocks, find and replace
/// its C2PA manifest store, and read and rewrite its XMP. Implementations are stateless and
/// registered in <see cref="ContainerRegistry"/>. Readers validate the signature first, check every
/// length against the bytes that remain, and raise <see cref="CandorFormatException"/> with the
/// offset for anything they cannot read. Writers never touch the file: they return
/// <see cref="ContainerEdits"/> (offsets in the scanned file) that the caller applies, and they do
/// not assume a stream's position. A read-only format says so with <see cref="CanWrite"/> and
/// raises <see cref="NotSupportedException"/> from the members that write.
/// </summary>
public interface IContainerFormat
{
    /// <summary>The typed identifier this handler is registered under.</summary>
    ImageFormat ImageFormat { get; }

    /// <summary>Display name: "PNG".</summary>
    string Name { get; }

    /// <summary>The format's media type, e.g. "image/png" (a scan may name a more precise one, e.g. "image/avif").</summary>
    string MimeType { get; }

    /// <summary>True when Candor can write C2PA stores and XMP into this format.</summary>
    bool CanWrite { get; }

    /// <summary>Largest main XMP packet one block of this format holds (0 when the format is not written).</summary>
    long MaxXmpPacket { get; }

    /// <summary>True when a packet too large for one block may continue in an extended packet (JPEG).</summary>
    bool SplitsXmp { get; }

    /// <summary>True when <paramref name="head"/> (the first bytes of the file, at least 32 if the file is that long) starts like this format.</summary>
    bool Matches(ReadOnlySpan<byte> head);

    /// <summary>Reads every block and metadata payload. The stream is seekable; its position on entry is 0.</summary>
    ContainerScan Scan(Stream stream, ScanOptions options);

    /// <summary>
    /// The byte ranges the C2PA manifest store <paramref name="store"/> (a payload of <paramref name="scan"/>)
    /// occupies in the file: what a data hash must exclude. Null when Candor does not know where
    /// stores sit in this format.
    /// </summary>
    IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream stream, RawPayload store);

    /// <summary>The XMP packets of the file in the order they are merged: main packets in file order, then an extended packet.</summary>
    /// <exception cref="CandorFormatException">An XMP block exists but its packet could not be read (too large, damaged).</exception>
    IReadOnlyList<XmpBlock> ReadXmp(ContainerScan scan, Stream stream);

    /// <summary>Raises <see cref="CandorFormatException"/> when the scan shows a file too damaged (e.g. truncated) to be written.</summary>
    void CheckWritable(ContainerScan scan, Stream stream);

    /// <summary>The edits that remove every C2PA manifest store (none when the file has none).</summary>
    ContainerEdits RemoveStore(ContainerScan scan, Stream stream);

    /// <summary>
    /// The edits that put <paramref name="store"/> where the C2PA reference implementation puts it,
    /// replacing any store already there; <paramref name="range"/> is the one contiguous range of the
    /// result the store's blocks occupy (what the data hash excludes). The position depends only on
    /// the file and the store's length.
    /// </summary>
    ContainerEdits InsertStore(ContainerScan scan, Stream stream, ReadOnlyMemory<byte> store, out ByteRange range);

    /// <summary>The edits that replace the file's XMP blocks with <paramref name="packet"/>; every other block stays byte-identical.</summary>
    /// <exception cref="CandorFormatException">The packet does not fit the format's blocks (kind <see cref="FormatErrorKind.LimitExceeded"/>).</exception>
    ContainerEdits WriteXmp(ContainerScan scan, Stream stream, XmpPacket packet);
}
