using Candor.FileSystem;
using Candor.Formats.Extracted;
using Candor.Formats.Jpeg;
using Candor.Formats.Png;
using Candor.Formats.Webp;

namespace Candor.Formats;

/// <summary>
/// The one table of container handlers: detects a file's format from its first bytes, scans it,
/// and hands out the handler for a typed <see cref="ImageFormat"/>.
/// </summary>
public static class ContainerRegistry
{
    /// <summary>How many leading bytes are read for detection.</summary>
    public const int HeadLength = 64;

    /// <summary>Every supported format, in detection order.</summary>
    public static IReadOnlyList<IContainerFormat> Formats { get; } =
    [
        new PngFormat(),
        new JpegFormat(),
        new WebpFormat(),
        new TiffFormat(),
        new HeifFormat(),
        new GifFormat(),
    ];

    /// <summary>The handler registered for <paramref name="format"/>.</summary>
    public static IContainerFormat For(ImageFormat format) =>
        Formats.FirstOrDefault(f => f.ImageFormat == format)
        ?? throw new ArgumentOutOfRangeException(nameof(format), format, "no handler is registered for this format");

    /// <summary>The handler of the format <paramref name="scan"/> was read as.</summary>
    public static IContainerFormat For(ContainerScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return For(scan.ImageFormat);
    }

    /// <summary>The format whose signature <paramref name="head"/> starts with, or null.</summary>
    public static IContainerFormat? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var format in Formats)
            if (format.Matches(head)) return format;
        return null;
    }

    /// <summary>
    /// Detects the format of a seekable stream and scans it from its start.
    /// Raises <see cref="CandorFormatException"/> when the format is not supported or the file is malformed.
    /// </summary>
    public static ContainerScan Scan(Stream stream, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("the stream must be readable and seekable", nameof(stream));
        stream.Position = 0;
        Span<byte> head = stackalloc byte[HeadLength];
        var n = StreamReading.ReadAtMost(stream, head);
        head = head[..n];
        var format = Detect(head)
            ?? throw (n == 0
                ? new CandorFormatException("the file is empty", 0, kind: FormatErrorKind.Truncated)
                : new CandorFormatException($"not a supported image format (starts with {StreamReading.Hex(head, 4)})", 0, kind: FormatErrorKind.Unsupported));
        stream.Position = 0;
        var scan = format.Scan(stream, options ?? ScanOptions.Default);
        if (scan.Budget.Summary is { } spent) scan.Problems.Add(spent);
        return scan;
    }

    /// <summary>Opens <paramref name="path"/> for sequential reading and scans it.</summary>
    public static ContainerScan Scan(string path, ScanOptions? options = null)
    {
        using var stream = RegularFile.OpenRead(path, FileOptions.SequentialScan);
        return Scan(stream, options);
    }
}
