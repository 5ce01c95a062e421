using System.Text.Json;
using Candor.Generators.A1111;
using Candor.Generators.Common;
using Candor.Generators.NovelAi;
using Candor.Generators.Stealth;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators;

/// <summary>
/// Finds generator metadata by its content where no parser looks for it: save nodes and re-savers
/// put the same texts in other fields (ComfyUI "Save Image Plus" writes <c>{"prompt":…,"workflow":…}</c>
/// into IFD0 UserComment without a character-code prefix; others write infotext into a JPEG comment,
/// an odd PNG keyword or <c>dc:description</c>). Runs after the key-based parsers, over the text
/// fields they left unclaimed. A field whose content carries a generator's signature is lent to the
/// parsers under the name they read (its evidence still names the real field), so the same parsing
/// logic applies; each report is capped at <see cref="Confidence.Medium"/> and carries a
/// <c>generator-metadata-unusual-place</c> finding naming the field.
/// </summary>
public static class MisplacedGeneratorText
{
    /// <summary>The finding code added to each report found this way.</summary>
    public const string FindingCode = "generator-metadata-unusual-place";

    /// <summary>Text-bearing fields by group; an empty name set means every name of that group.</summary>
    private static readonly (Func<string, bool> Group, string[] Names)[] TextFields =
    [
        (g => g is FieldGroups.ExifIfd0 or FieldGroups.ExifSubIfd or FieldGroups.ExifIfd1, ["UserComment", "ImageDescription", "XPComment", "XPSubject", "XPTitle"]),
        (g => g == FieldGroups.Xmp, ["dc:description", "exif:UserComment", "tiff:ImageDescription"]),
        (FieldGroups.IsPngText, []),
        (g => g is FieldGroups.JpegComment or FieldGroups.GifComment, []),
    ];

    /// <summary>Signature → the field name and group the parsers read that content from.</summary>
    private enum Signature { None, Infotext, ComfyApi, ComfyWorkflow, ComfyPair, NovelAiDictionary, OtherJson }

    /// <summary>
    /// Reports for generator texts among the unclaimed text fields of <paramref name="context"/>. A report
    /// that repeats one already in <paramref name="found"/> (same tool and seed) adds its evidence there instead.
    /// </summary>
    public static IEnumerable<GeneratorReport> Parse(GeneratorContext context, IReadOnlyList<GeneratorReport> found)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(found);
        var reports = new List<GeneratorReport>();
        foreach (var field in context.Fields.Where(f => !context.IsClaimed(f) && IsTextField(f)).ToList())
        {
            var lent = Lend(field);
            if (lent.Count == 0) continue;
            var sub = new GeneratorContext(lent, format: context.Format);
            foreach (var parser in GeneratorRegistry.Parsers.Where(p => p is not StealthParser and not NovelAiSignatureCheck))
            {
                foreach (var report in ParseOrNothing(parser, sub))
                {
                    context.Claim(field);
                    if (found.Concat(reports).FirstOrDefault(r => SameGeneration(r, report)) is { } same)
                    {
                        same.Evidence.Add(field.Evidence);
                        continue;
                    }
                    if (report.Confidence > Confidence.Medium) report.Confidence = Confidence.Medium;
                    report.Findings.Add(new Finding(FindingSeverity.Info, FindingCode,
                        $"{report.Tool} metadata in an unusual place ({Describe(field.Evidence)}): it was recognised by its content, not by where it sits, so a tool other than the generator may have written it.",
                        field.Evidence));
                    reports.Add(report);
                }
            }
        }
        return reports;
    }

    /// <summary>A guess by content that a parser cannot read is no generator, not an error about the file.</summary>
    private static List<GeneratorReport> ParseOrNothing(IGeneratorParser parser, GeneratorContext context)
    {
        try
        {
            return parser.Parse(context).ToList();
        }
        catch (CandorFormatException)
        {
            return [];
        }
    }

    private static bool IsTextField(MetadataField field)
    {
        foreach (var (group, names) in TextFields)
        {
            if (!group(field.Group)) continue;
            if (names.Length == 0) return true;
            foreach (var name in names)
                if (field.Name == name || field.Name.StartsWith(name + "[", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The field's content under the names parsers read it from; empty when it carries no generator signature.</summary>
    private static List<MetadataField> Lend(MetadataField field)
    {
        var text = field.Value.Trim('\0', ' ', '\t', '\r', '\n');
        MetadataField As(string group, string name, string value) => new(group, name, value, field.Evidence);
        if (!GeneratorJson.LooksLikeJson(text))
            return IsInfotext(text) ? [As(FieldGroups.PngText, "parameters", text)] : [];
        if (GeneratorJson.TryParseObject(text) is not { } root) return [];
        switch (Classify(root))
        {
            case Signature.ComfyApi:
                return [As(FieldGroups.PngText, "prompt", text)];
            case Signature.ComfyWorkflow:
                return [As(FieldGroups.PngText, "workflow", text)];
            case Signature.ComfyPair:
                var lent = new List<MetadataField>();
                foreach (var name in new[] { "prompt", "workflow" })
                    if (JsonText(root, name) is { } json) lent.Add(As(FieldGroups.PngText, name, json));
                return lent;
            case Signature.NovelAiDictionary:
                return [As(FieldGroups.ExifSubIfd, "UserComment", text)];
            case Signature.OtherJson:
                return [As(FieldGroups.PngText, "parameters", text)];
            default:
                return [];
        }
    }

    /// <summary>A1111 infotext: a parameter line with Steps and a Sampler or Seed ("Steps: 20, Sampler: Euler a, …").</summary>
    private static bool IsInfotext(string text)
    {
        if (!text.Contains("Steps:", StringComparison.Ordinal)) return false;
        var infotext = A1111Infotext.Parse(text);
        return infotext.HasParameters && infotext["Steps"] is not null && (infotext["Sampler"] is not null || infotext["Seed"] is not null);
    }

    private static Signature Classify(JsonElement root)
    {
        if (IsApiGraph(root)) return Signature.ComfyApi;
        if (IsWorkflow(root)) return Signature.ComfyWorkflow;
        var prompt = JsonText(root, "prompt") is { } p ? GeneratorJson.TryParseObject(p) : null;
        var workflow = JsonText(root, "workflow") is { } w ? GeneratorJson.TryParseObject(w) : null;
        if (prompt is { } api && IsApiGraph(api) || workflow is { } ui && IsWorkflow(ui)) return Signature.ComfyPair;
        if (GeneratorJson.Property(root, "Comment") is not null && GeneratorJson.Property(root, "Software") is { } software && software.StartsWith("NovelAI", StringComparison.Ordinal))
            return Signature.NovelAiDictionary;
        return Signature.OtherJson;
    }

    /// <summary>ComfyUI's API graph: node id → {"class_type": …, "inputs": {…}}.</summary>
    private static bool IsApiGraph(JsonElement root) =>
        root.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("class_type", out var t) && t.ValueKind == JsonValueKind.String);

    /// <summary>ComfyUI's UI workflow: {"nodes": […], "links": […], …}.</summary>
    private static bool IsWorkflow(JsonElement root) =>
        root.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array && root.TryGetProperty("links", out _);

    /// <summary>A property holding JSON: an object or array as written, or a string that holds JSON.</summary>
    private static string? JsonText(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Object => value.GetRawText(),
            JsonValueKind.String when GeneratorJson.LooksLikeJson(value.GetString()!) => value.GetString(),
            _ => null,
        };
    }

    private static bool SameGeneration(GeneratorReport a, GeneratorReport b) =>
        a.Tool == b.Tool && a.Parameters.Seed is { } seed && seed == b.Parameters.Seed;

    private static string Describe(Evidence e) => e.Key is null ? e.Block : $"{e.Block} '{e.Key}'";
}
