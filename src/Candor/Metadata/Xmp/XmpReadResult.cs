namespace Candor.Metadata.Xmp;

/// <summary>What <see cref="XmpReader.Read"/> found: one field per simple value, in document order, and the problems that did not stop reading.</summary>
/// <param name="Fields">Fields of group <see cref="FieldGroups.Xmp"/>, named by XMP path with conventional prefixes.</param>
/// <param name="Problems">Values that could not be read.</param>
public sealed record XmpReadResult(IReadOnlyList<MetadataField> Fields, IReadOnlyList<string> Problems);
