using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>
/// A program the file's own metadata names as having written or edited it (EXIF <c>Software</c>,
/// XMP <c>xmp:CreatorTool</c> and <c>tiff:Software</c>, the <c>softwareAgent</c> of each
/// <c>xmpMM:History</c> event, a PNG <c>Software</c> text chunk): what an editor such as GIMP or
/// Photoshop leaves behind, whether or not a generator was involved. It is what the file says, not
/// a finding: any program can write any name there.
/// </summary>
/// <param name="Name">The value as written (trimmed).</param>
/// <param name="Evidence">Where it was first found; the same name elsewhere is not repeated.</param>
public sealed record SoftwareMention(string Name, Evidence Evidence)
{
    /// <summary>Every distinct software name in <paramref name="fields"/>, in the order found; null when there is none.</summary>
    public static List<SoftwareMention>? From(IReadOnlyList<MetadataField> fields)
    {
        List<SoftwareMention>? found = null;
        foreach (var f in fields)
        {
            if (!NamesSoftware(f)) continue;
            var name = f.Value.Trim();
            if (name.Length == 0) continue;
            found ??= [];
            if (!found.Exists(s => string.Equals(s.Name, name, StringComparison.Ordinal))) found.Add(new SoftwareMention(name, f.Evidence));
        }
        return found;
    }

    private static bool NamesSoftware(MetadataField f) => f.Group switch
    {
        FieldGroups.ExifIfd0 => f.Name == "Software",
        FieldGroups.Xmp => f.Name is "xmp:CreatorTool" or "tiff:Software"
            || (f.Name.StartsWith("xmpMM:History[", StringComparison.Ordinal) && f.Name.EndsWith("]/stEvt:softwareAgent", StringComparison.Ordinal)),
        _ when FieldGroups.IsPngText(f.Group) => f.Name == "Software",
        _ => false,
    };
}
