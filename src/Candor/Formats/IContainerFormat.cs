namespace Candor.Formats;

/// <summary>
/// One container format. Implementations are stateless and registered in the container registry.
/// Readers validate the signature first, check every length against the bytes that remain, and
/// raise <see cref="CandorFormatException"/> with the offset for anything they cannot read.
/// </summary>
public interface IContainerFormat
{
    /// <summary>Short name: "PNG".</summary>
    string Name { get; }

    /// <summary>True when <paramref name="head"/> (the first bytes of the file, at least 32 if the file is that long) starts like this format.</summary>
    bool Matches(ReadOnlySpan<byte> head);

    /// <summary>Reads every block and metadata payload. The stream is seekable; its position on entry is 0.</summary>
    ContainerScan Scan(Stream stream, ScanOptions options);
}

/// <summary>Limits applied while scanning hostile input.</summary>
public sealed record ScanOptions
{
    /// <summary>Largest decompressed size of one compressed text chunk or payload (default 8 MiB).</summary>
    public int MaxDecompressedBytes { get; init; } = 8 << 20;

    /// <summary>Largest metadata payload kept in memory (default 64 MiB); larger ones are reported and skipped.</summary>
    public int MaxPayloadBytes { get; init; } = 64 << 20;

    /// <summary>The default limits.</summary>
    public static ScanOptions Default { get; } = new();
}
