namespace Candor.Metadata.Exif;

/// <summary>What <see cref="ExifReader.Read"/> found: the fields in IFD order, and the problems that did not stop reading.</summary>
/// <param name="Fields">Every readable entry as a text field (groups <see cref="FieldGroups.ExifIfd0"/> and the others).</param>
/// <param name="Problems">Entries or IFDs that could not be read, each with its offset inside the TIFF bytes.</param>
public sealed record ExifReadResult(IReadOnlyList<MetadataField> Fields, IReadOnlyList<string> Problems);
