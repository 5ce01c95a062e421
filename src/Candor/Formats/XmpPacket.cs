using System.Security.Cryptography;

namespace Candor.Formats;

/// <summary>
/// The XMP a container handler writes into a file: the main packet and, for a container that
/// splits XMP over several blocks (JPEG, <see cref="IContainerFormat.SplitsXmp"/>), the extended
/// packet that did not fit (XMP specification part 3, 1.1.3.1). Deciding what goes into which
/// packet is the caller's job; the handler only lays the bytes out.
/// </summary>
/// <param name="Main">The main packet (UTF-8, with its packet wrapper).</param>
public sealed record XmpPacket(byte[] Main)
{
    /// <summary>The extended packet (no wrapper), or null when everything is in <see cref="Main"/>.</summary>
    public byte[]? Extended { get; init; }

    /// <summary>The GUID that names an extended packet: the MD5 of its bytes in upper-case hex, which the main packet gives as <c>xmpNote:HasExtendedXMP</c>.</summary>
    public static string ExtendedGuid(ReadOnlySpan<byte> extended) => Convert.ToHexString(MD5.HashData(extended));
}
