namespace Candor.Formats;

/// <summary>An XMP packet as a container holds it, with where it sits (for messages).</summary>
/// <param name="Packet">The packet bytes (UTF-8; a JPEG extended packet is reassembled from its parts).</param>
/// <param name="Offset">Offset of the block that holds it; -1 when unknown.</param>
/// <param name="Block">The block, as messages name it: "PNG iTXt XMP", "JPEG APP1 ExtendedXMP".</param>
public sealed record XmpBlock(byte[] Packet, long Offset, string Block);
