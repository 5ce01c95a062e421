using Candor.Metadata;

namespace Candor.Generators.Common;

/// <summary>
/// One place a tool writes its metadata: a field group (<see cref="FieldGroups"/>) and a name in it.
/// Parsers list their places in a table, most authoritative first.
/// </summary>
public sealed record FieldLocation(string Group, string Name)
{
    /// <summary>
    /// Where tools put one text of generation parameters (A1111 infotext, Fooocus and SwarmUI JSON): PNG
    /// <c>parameters</c>, EXIF UserComment, XMP <c>exif:UserComment</c>.
    /// </summary>
    public static readonly IReadOnlyList<FieldLocation> ParametersText =
    [
        new(FieldGroups.PngText, "parameters"),
        new(FieldGroups.PngIText, "parameters"),
        new(FieldGroups.PngZText, "parameters"),
        new(FieldGroups.ExifSubIfd, "UserComment"),
        new(FieldGroups.ExifIfd0, "UserComment"),
        new(FieldGroups.Xmp, "exif:UserComment"),
    ];

    /// <summary>
    /// Unclaimed fields at any of <paramref name="locations"/>, in table order (and file order within one location).
    /// Names compare case-insensitively: tools and readers disagree on the case of PNG keywords and XMP names.
    /// </summary>
    public static IEnumerable<MetadataField> FindAll(GeneratorContext context, IReadOnlyList<FieldLocation> locations)
    {
        foreach (var location in locations)
        {
            foreach (var field in context.Named(location.Name, ignoreCase: true).ToList())
            {
                if (field.Group == location.Group && !context.IsClaimed(field)) yield return field;
            }
        }
    }

    /// <summary>First unclaimed field at any of <paramref name="locations"/>; null when none.</summary>
    public static MetadataField? FindFirst(GeneratorContext context, IReadOnlyList<FieldLocation> locations) =>
        FindAll(context, locations).FirstOrDefault();
}
