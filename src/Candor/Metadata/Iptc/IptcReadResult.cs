namespace Candor.Metadata.Iptc;

/// <summary>What <see cref="IptcReader.Read"/> found: the datasets as fields in file order, and the problems that did not stop reading.</summary>
/// <param name="Fields">Fields of group <see cref="FieldGroups.Iptc"/>.</param>
/// <param name="Problems">Datasets that could not be read, with their offsets.</param>
public sealed record IptcReadResult(IReadOnlyList<MetadataField> Fields, IReadOnlyList<string> Problems);
