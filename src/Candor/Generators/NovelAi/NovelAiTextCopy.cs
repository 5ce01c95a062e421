using System.Text;
using System.Text.Json;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.NovelAi;

/// <summary>
/// One copy of NovelAI's text dictionary {Title, Description, Software, Source, Generation time,
/// Comment} as it sits in one place of the file:
/// <list type="bullet">
/// <item>PNG text chunks, one chunk per key (tEXt, or iTXt when the text is not Latin-1);</item>
/// <item>EXIF (WebP/JPEG): IFD0 DocumentName = Title, ImageDescription = Description (NovelAI puts
/// four NUL bytes before it), Software = the model source, and ExifIFD UserComment = UTF-8 JSON of
/// the whole dictionary, whose "Comment" is itself a JSON string;</item>
/// <item>the stealth copy in the pixels, decoded by an earlier parser into one field per key.</item>
/// </list>
/// </summary>
internal sealed class NovelAiTextCopy
{
    /// <summary>Keys of NovelAI's text dictionary.</summary>
    public const string Title = "Title", Description = "Description", Software = "Software", Source = "Source",
        GenerationTime = "Generation time", Comment = "Comment";

    private static readonly string[] Keys = [Title, Description, Software, Source, GenerationTime, Comment];

    /// <summary>A Title NovelAI writes: which of its tools made the image, and whether that tool transforms an input image.</summary>
    public sealed record TitleMeaning(string Tool, bool TransformsInput);

    /// <summary>Titles NovelAI writes.</summary>
    public static readonly Dictionary<string, TitleMeaning> KnownTitles = new(StringComparer.Ordinal)
    {
        ["AI generated image"] = new("image generation", false),
        ["NovelAI generated image"] = new("image generation", false),
        ["AI augmented image"] = new("Director tools", true),
    };

    /// <summary>EXIF tags NovelAI writes and the dictionary key each one mirrors.</summary>
    private static readonly (string Group, string Tag, string Key)[] ExifTags =
    [
        (FieldGroups.ExifIfd0, "DocumentName", Title),
        (FieldGroups.ExifIfd0, "ImageDescription", Description),
        (FieldGroups.ExifIfd0, "Software", Software),
    ];

    /// <summary>Largest JSON text read (a NovelAI dictionary is a few KiB).</summary>
    internal const int MaxJsonChars = 8 * 1024 * 1024;

    /// <summary>Nesting depth allowed in NovelAI JSON (real files nest five levels).</summary>
    internal static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// Parses NovelAI JSON under the depth cap. The text is encoded to UTF-8 first with replacement,
    /// because System.Text.Json refuses a string holding a lone surrogate with an ArgumentException.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON or nests too deep.</exception>
    internal static JsonDocument ParseJson(string text) => JsonDocument.Parse(Encoding.UTF8.GetBytes(text), JsonOptions);

    /// <summary>One key's value in this copy.</summary>
    public sealed record Entry(string Key, string Value, Evidence Evidence, MetadataField Field);

    private NovelAiTextCopy(string where) => Where = where;

    /// <summary>"PNG text", "EXIF" or "stealth".</summary>
    public string Where { get; }

    /// <summary>Values by key, first occurrence only.</summary>
    public List<Entry> Entries { get; } = [];

    /// <summary>Every field that contributed to this copy.</summary>
    public List<MetadataField> Fields { get; } = [];

    /// <summary>Value of <paramref name="key"/>, or null.</summary>
    public Entry? Get(string key) => Entries.Find(e => e.Key == key);

    /// <summary>How this copy marks itself as NovelAI's, or null when it does not.</summary>
    public Confidence? Identification()
    {
        if (Get(Software)?.Value.StartsWith("NovelAI", StringComparison.Ordinal) == true) return Confidence.Certain;
        if (Get(Title) is { } t && KnownTitles.ContainsKey(t.Value)) return Confidence.High;
        if (NovelAiModelTable.LooksLikeSource(Get(Source)?.Value)) return Confidence.Medium;
        return null;
    }

    /// <summary>The copies found among <paramref name="fields"/>, in reading order: PNG text, EXIF, stealth.</summary>
    public static List<NovelAiTextCopy> Collect(IEnumerable<MetadataField> fields)
    {
        var png = new NovelAiTextCopy("PNG text");
        var exif = new NovelAiTextCopy("EXIF");
        var stealth = new NovelAiTextCopy("stealth");
        var exifTags = new List<MetadataField>();
        foreach (var f in fields)
        {
            if (FieldGroups.IsPngText(f.Group)) png.AddKeyed(f, f.Value);
            else if (FieldGroups.IsStealth(f.Group)) stealth.AddKeyed(f, f.Value);
            else if (f.Group == FieldGroups.ExifSubIfd && f.Name == "UserComment") exif.AddDictionary(f);
            else if (Array.Exists(ExifTags, t => t.Group == f.Group && t.Tag == f.Name)) exifTags.Add(f);
        }
        // The UserComment dictionary is complete; the IFD0 tags only fill what it lacks.
        foreach (var f in exifTags)
        {
            var key = Array.Find(ExifTags, t => t.Group == f.Group && t.Tag == f.Name).Key;
            var value = key == Description ? f.Value.TrimStart('\0') : f.Value;
            // NovelAI's IFD0 Software holds the model source, not the product name.
            if (key == Software && NovelAiModelTable.LooksLikeSource(value) && exif.Get(Source) is null)
                exif.Add(Source, value, f.Evidence, f);
            exif.Add(key, value, f.Evidence, f);
            // A tag that repeats the dictionary belongs to this copy; one that differs (a later editor's Software) does not.
            var belongs = exif.Entries.Exists(e => ReferenceEquals(e.Field, f)
                || ((e.Key == key || (key == Software && e.Key == Source)) && e.Value == value));
            if (belongs) exif.Fields.Add(f);
        }
        return [.. new[] { png, exif, stealth }.Where(c => c.Entries.Count > 0)];
    }

    private void AddKeyed(MetadataField f, string value)
    {
        if (Array.IndexOf(Keys, f.Name) < 0 || Get(f.Name) is not null) return;
        Add(f.Name, f.Name == Description ? value.TrimStart('\0') : value, f.Evidence, f);
        Fields.Add(f);
    }

    private void Add(string key, string value, Evidence evidence, MetadataField field)
    {
        if (Get(key) is null) Entries.Add(new Entry(key, value, evidence, field));
    }

    private void AddDictionary(MetadataField f)
    {
        var text = f.Value.TrimStart('\0', ' ', '\t', '\r', '\n');
        if (text.Length == 0 || text[0] != '{' || text.Length > MaxJsonChars) return;
        try
        {
            using var doc = ParseJson(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
            var added = false;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (Array.IndexOf(Keys, p.Name) < 0 || p.Value.ValueKind != JsonValueKind.String) continue;
                var value = p.Value.GetString()!;
                Add(p.Name, p.Name == Description ? value.TrimStart('\0') : value, f.Evidence.Sub(p.Name), f);
                added = true;
            }
            if (added) Fields.Add(f);
        }
        catch (JsonException)
        {
            // Not NovelAI's dictionary (another tool's UserComment); other parsers may read it.
        }
    }
}
