namespace Candor.Metadata.Xmp;

/// <summary>What <see cref="XmpReader.Read"/> found: one field per simple value, in document order, and the problems that did not stop reading.</summary>
/// <param name="Fields">Fields of group <see cref="FieldGroups.Xmp"/>, named by XMP path with conventional prefixes.</param>
/// <param name="Problems">Values that could not be read.</param>
public sealed record XmpReadResult(IReadOnlyList<MetadataField> Fields, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Defects of the packet that were repaired so the rest could be read, one line each (e.g. a
    /// property written twice, whose repeat was dropped). Empty for a well-formed packet.
    /// </summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}
