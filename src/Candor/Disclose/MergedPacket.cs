namespace Candor.Disclose;

/// <summary>What <see cref="DisclosurePacket.MergeReporting"/> wrote.</summary>
/// <param name="Packet">The merged packet: UTF-8, with an <c>&lt;?xpacket?&gt;</c> wrapper and padding.</param>
/// <param name="Repairs">
/// Defects of the existing packet that were repaired to merge into it, one line each, e.g.
/// "photoshop:LegacyIPTCDigest is written twice with the same value; the repeat was dropped".
/// Empty when the existing packet was well-formed XMP.
/// </param>
public sealed record MergedPacket(byte[] Packet, IReadOnlyList<string> Repairs);
