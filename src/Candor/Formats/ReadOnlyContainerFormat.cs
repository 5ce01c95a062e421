namespace Candor.Formats;

/// <summary>
/// A container format Candor reads but does not write (TIFF, HEIF, GIF): the writing members of
/// <see cref="IContainerFormat"/> raise <see cref="NotSupportedException"/>, and where its C2PA
/// store would sit is not known.
/// </summary>
public abstract class ReadOnlyContainerFormat : IContainerFormat
{
    /// <inheritdoc />
    public abstract ImageFormat ImageFormat { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string MimeType { get; }

    /// <inheritdoc />
    public bool CanWrite => false;

    /// <inheritdoc />
    public long MaxXmpPacket => 0;

    /// <inheritdoc />
    public bool SplitsXmp => false;

    /// <inheritdoc />
    public abstract bool Matches(ReadOnlySpan<byte> head);

    /// <inheritdoc />
    public abstract ContainerScan Scan(Stream stream, ScanOptions options);

    /// <inheritdoc />
    public IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream stream, RawPayload store) => null;

    /// <summary>The XMP payloads the scan found, in the order it found them.</summary>
    public IReadOnlyList<XmpBlock> ReadXmp(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan.Payloads.Where(p => p.Kind == PayloadKind.Xmp)
            .Select(p => new XmpBlock(p.Data, p.Evidence.Offset ?? -1, p.Evidence.Block)).ToList();
    }

    /// <inheritdoc />
    public void CheckWritable(ContainerScan scan, Stream stream) => throw NotWritable();

    /// <inheritdoc />
    public ContainerEdits RemoveStore(ContainerScan scan, Stream stream) => throw NotWritable();

    /// <inheritdoc />
    public ContainerEdits InsertStore(ContainerScan scan, Stream stream, ReadOnlyMemory<byte> store, out ByteRange range) => throw NotWritable();

    /// <inheritdoc />
    public ContainerEdits WriteXmp(ContainerScan scan, Stream stream, XmpPacket packet) => throw NotWritable();

    private NotSupportedException NotWritable() =>
        new($"Candor reads {Name} files but cannot write them (it writes PNG, JPEG and WebP)");
}
