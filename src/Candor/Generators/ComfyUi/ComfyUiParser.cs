using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.ComfyUi;

/// <summary>
/// ComfyUI's node graphs, wherever its save nodes put them:
/// <list type="bullet">
/// <item>PNG text <c>prompt</c> (API graph) and <c>workflow</c> (UI graph) — core SaveImage;</item>
/// <item>EXIF IFD0 Model = <c>prompt:{…}</c>, Make = <c>workflow:{…}</c> — core SaveAnimatedWEBP / SaveWEBM;</item>
/// <item>EXIF IFD0 Make = <c>Prompt: {…}</c>, ImageDescription = <c>Workflow: {…}</c> — "Save Image Extended";</item>
/// <item>EXIF UserComment holding a bare API graph — Civitai's on-site generator (ComfyUI backend).</item>
/// </list>
/// The API graph is resolved when present; otherwise the UI graph is rebuilt from widget values.
/// </summary>
public sealed class ComfyUiParser : IGeneratorParser
{
    private enum GraphForm { Api, Workflow }

    private static readonly string[] PngGroups = [FieldGroups.PngText, FieldGroups.PngZText, FieldGroups.PngIText];
    private static readonly string[] ExifGroups = [FieldGroups.ExifIfd0, FieldGroups.ExifSubIfd];

    /// <summary>Where graphs live: field groups, field name, the prefix before the JSON, and which form it holds.</summary>
    private static readonly (string[] Groups, string Name, string Prefix, GraphForm Form)[] Sources =
    [
        (PngGroups, "prompt", "", GraphForm.Api),
        (PngGroups, "workflow", "", GraphForm.Workflow),
        ([FieldGroups.ExifIfd0], "Model", "prompt:", GraphForm.Api),
        ([FieldGroups.ExifIfd0], "Make", "workflow:", GraphForm.Workflow),
        ([FieldGroups.ExifIfd0], "Make", "Prompt: ", GraphForm.Api),
        ([FieldGroups.ExifIfd0], "ImageDescription", "Workflow: ", GraphForm.Workflow),
        (ExifGroups, "UserComment", "", GraphForm.Api),
    ];

    /// <inheritdoc />
    public string Id => "comfyui";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var found = new List<(MetadataField Field, GraphForm Form, ComfyGraph Graph)>();
        var failures = new List<Finding>();
        foreach (var (groups, name, prefix, form) in Sources)
        {
            foreach (var field in context.Unclaimed.Where(f => f.Name == name && groups.Contains(f.Group)).ToList())
            {
                if (!field.Value.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var json = field.Value.AsMemory(prefix.Length).TrimStart();
                if (json.Length == 0 || json.Span[0] != '{') continue;
                if (!GeneratorJson.TryParse(json, out var root, out var error))
                {
                    // A bare "prompt" or UserComment may belong to another tool; a prefixed value is ComfyUI's even when broken.
                    if (prefix.Length == 0) continue;
                    context.Claim(field);
                    failures.Add(new Finding(FindingSeverity.Error, "comfyui-json", $"The ComfyUI {form.ToString().ToLowerInvariant()} JSON cannot be read: {error}", field.Evidence));
                    continue;
                }
                var graph = form == GraphForm.Api ? ComfyGraph.FromApi(root) : ComfyGraph.FromWorkflow(root);
                if (graph is null) continue;
                context.Claim(field);
                found.Add((field, form, graph));
            }
        }
        if (found.Count == 0 && failures.Count == 0) yield break;

        var primary = found.FirstOrDefault(f => f.Form == GraphForm.Api);
        if (primary.Graph is null) primary = found.FirstOrDefault();
        var civitai = primary.Graph is { } g && (g.HasNode("resource-stack") || g.ReferencesAirUrns);
        var report = new GeneratorReport { Tool = civitai ? "Civitai (ComfyUI backend)" : "ComfyUI", Parser = Id, Confidence = Confidence.Certain };
        report.Findings.AddRange(failures);
        foreach (var (field, _, _) in found) report.Evidence.Add(field.Evidence);
        if (primary.Graph is not null)
        {
            if (primary.Form == GraphForm.Workflow)
                report.Parameters.Other.Add(new("Graph source", "UI workflow (widget values); no API prompt was saved"));
            primary.Graph.DescribeInto(report, primary.Field.Evidence);
        }
        else
        {
            report.Confidence = Confidence.High;
        }
        yield return report;
    }
}
