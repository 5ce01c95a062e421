using Candor.Formats;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>The raw view: every block and every decoded field, like <c>exiftool -a -G1</c>.</summary>
public sealed class RawContents
{
    public List<ContainerBlock> Blocks { get; } = [];
    public List<MetadataField> Fields { get; } = [];
    public List<string> Problems { get; } = [];
}
