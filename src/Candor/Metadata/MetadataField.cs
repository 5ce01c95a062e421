using Candor.Provenance;

namespace Candor.Metadata;

/// <summary>
/// One decoded text value found in a file, with its evidence. Every source — PNG text chunks,
/// EXIF tags, XMP properties, IPTC datasets, JPEG comments — is flattened into these so that
/// generator parsers can look values up by group and name.
/// </summary>
/// <param name="Group">Where it lives, e.g. <c>PNG:tEXt</c>, <c>PNG:iTXt</c>, <c>PNG:zTXt</c>,
/// <c>EXIF:IFD0</c>, <c>EXIF:ExifIFD</c>, <c>EXIF:GPS</c>, <c>XMP</c>, <c>IPTC</c>, <c>JPEG:COM</c>.
/// See <see cref="FieldGroups"/>.</param>
/// <param name="Name">Key in that group: PNG keyword, EXIF tag name (<c>UserComment</c>, <c>Make</c>),
/// XMP qualified name (<c>Iptc4xmpExt:DigitalSourceType</c>), IPTC dataset name.</param>
/// <param name="Value">The decoded text.</param>
/// <param name="Evidence">Block, key and offset it came from.</param>
public sealed record MetadataField(string Group, string Name, string Value, Evidence Evidence)
{
    /// <summary>Notes about the decoding (e.g. "UTF-8 bytes in a tEXt chunk", "UTF-16BE in a little-endian EXIF block").</summary>
    public string? Note { get; init; }
}
