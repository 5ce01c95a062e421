using Candor.Formats;
using Candor.Metadata;

namespace Candor.Inspection;

/// <summary>The raw view: every block and every decoded field, like <c>exiftool -a -G1</c>.</summary>
public sealed class RawContents
{
    /// <summary>Every block of the container, in file order, with offsets and lengths.</summary>
    public List<ContainerBlock> Blocks { get; } = [];
    /// <summary>Every decoded field (container text, EXIF, XMP, IPTC), in file order.</summary>
    public List<MetadataField> Fields { get; } = [];
    /// <summary>Everything that could not be read, one line each.</summary>
    public List<string> Problems { get; } = [];
}
