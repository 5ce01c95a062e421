using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.Midjourney;

/// <summary>
/// Reads Midjourney's download metadata: a Description (PNG tEXt/iTXt, XMP dc:description or EXIF ImageDescription)
/// of the form <c>[image URLs] prompt --ar 16:9 --v 6 --stylize 250 Job ID: 0123abcd-…</c>, plus Author,
/// Creation Time and DigImageGUID. Each <c>--param value</c> goes to Other in order; --v/--niji give the version.
/// Leading image URLs are image prompts and --sref URLs style references (both control inputs).
/// </summary>
public sealed class MidjourneyParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "midjourney";

    private const string JobMarker = "Job ID:";

    private static readonly FieldLocation[] DescriptionLocations =
    [
        new(FieldGroups.PngText, "Description"),
        new(FieldGroups.PngIText, "Description"),
        new(FieldGroups.Xmp, "dc:description"),
        new(FieldGroups.ExifIfd0, "ImageDescription"),
    ];

    /// <summary>Companion fields Midjourney writes beside the description; kept in Other under these names.</summary>
    private static readonly FieldLocation[] Companions =
    [
        new(FieldGroups.PngText, "Author"),
        new(FieldGroups.PngText, "Creation Time"),
        new(FieldGroups.PngText, "DigImageGUID"),
        new(FieldGroups.PngText, "DigitalSourceType"),
        new(FieldGroups.PngIText, "Author"),
        new(FieldGroups.PngIText, "DigImageGUID"),
    ];

    /// <summary>Parameters that carry a reference image, and what kind of input that is.</summary>
    private static readonly Dictionary<string, ControlKind> ReferenceParams = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sref"] = ControlKind.Reference,
        ["cref"] = ControlKind.Other,
    };

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        foreach (var field in FieldLocation.FindAll(context, DescriptionLocations).ToList())
        {
            var job = field.Value.LastIndexOf(JobMarker, StringComparison.Ordinal);
            if (job < 0) continue;
            context.Claim(field);
            var report = new GeneratorReport { Tool = "Midjourney", Parser = "midjourney", Confidence = Confidence.High };
            report.Evidence.Add(field.Evidence);
            Read(field.Value[..job], field.Evidence, report);
            report.Parameters.Other.Add(new("Job ID", field.Value[(job + JobMarker.Length)..].Trim()));
            foreach (var companion in FieldLocation.FindAll(context, Companions).ToList())
            {
                context.Claim(companion);
                report.Evidence.Add(companion.Evidence);
                report.Parameters.Other.Add(new(companion.Name, companion.Value));
            }
            return [report];
        }
        return [];
    }

    private static void Read(string text, Evidence ev, GeneratorReport report)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        while (i < tokens.Length && tokens[i].StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            AddImageInput(ControlKind.Other, tokens[i], "image prompt", ev, report);
            i++;
        }
        var prompt = new List<string>();
        while (i < tokens.Length && !tokens[i].StartsWith("--", StringComparison.Ordinal)) prompt.Add(tokens[i++]);
        report.Parameters.Prompt = string.Join(' ', prompt);
        while (i < tokens.Length)
        {
            var name = tokens[i++][2..];
            var value = new List<string>();
            while (i < tokens.Length && !tokens[i].StartsWith("--", StringComparison.Ordinal)) value.Add(tokens[i++]);
            var joined = string.Join(' ', value);
            report.Parameters.Other.Add(new("--" + name, joined));
            if (name is "v" or "version" or "niji") report.Parameters.Version = report.Version = name == "niji" ? $"niji {joined}".Trim() : joined;
            else if (name == "seed") report.Parameters.Seed = joined;
            else if (name == "no") report.Parameters.NegativePrompt = joined;
            else if (ReferenceParams.TryGetValue(name, out var kind))
                foreach (var url in value.Where(v => v.StartsWith("https://", StringComparison.OrdinalIgnoreCase))) AddImageInput(kind, url, "--" + name, ev, report);
        }
    }

    private static void AddImageInput(ControlKind kind, string url, string setting, Evidence ev, GeneratorReport report)
    {
        var cls = ControlRiskTable.Classify(null, null, kind);
        var input = new ControlInput { Kind = cls.Kind, Evidence = ev.Sub(setting) };
        input.Settings.Add(new(setting, url));
        cls.ApplyTo(input);
        report.Controls.Add(input);
    }
}
