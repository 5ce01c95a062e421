using System.Text.Json;
using Candor.Generators.ComfyUi;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.StabilityMatrix;

/// <summary>
/// Stability Matrix's inference tab (ComfyUI backend). Its PNGs carry four text chunks:
/// <c>parameters</c> (A1111-style text, UTF-8 bytes in tEXt), <c>parameters-json</c> (.NET-serialised
/// parameters: PositivePrompt, Steps, CfgScale, Seed, ModelName, ModelHash = full SHA-256 …),
/// <c>smproj</c> (the project) and <c>prompt</c> (the ComfyUI API graph it ran). The parser claims all four
/// so the A1111 and ComfyUI parsers do not report the same image again; it must run before them.
/// </summary>
public sealed class StabilityMatrixParser : IGeneratorParser
{
    private static readonly string[] PngGroups = [FieldGroups.PngText, FieldGroups.PngZText, FieldGroups.PngIText];

    /// <summary>parameters-json keys with a typed slot; anything else non-empty goes to Other.</summary>
    private static readonly Dictionary<string, Action<GenerationParameters, JsonElement>> Typed = new(StringComparer.Ordinal)
    {
        ["PositivePrompt"] = (p, v) => p.Prompt = v.AsText(),
        ["NegativePrompt"] = (p, v) => p.NegativePrompt = v.AsText(),
        ["Steps"] = (p, v) => p.Steps = v.AsInt(),
        ["CfgScale"] = (p, v) => p.CfgScale = v.AsDouble(),
        ["Seed"] = (p, v) => p.Seed = v.AsText(),
        ["Width"] = (p, v) => p.Width = v.AsInt(),
        ["Height"] = (p, v) => p.Height = v.AsInt(),
        ["ModelName"] = (_, _) => { },
        ["ModelHash"] = (_, _) => { },
    };

    /// <inheritdoc />
    public string Id => "stability-matrix";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var json = context.Find("parameters-json", PngGroups);
        var project = context.Find("smproj", PngGroups);
        if (json is null && project is null) yield break;
        var text = context.Find("parameters", PngGroups);
        var graphField = context.Find("prompt", PngGroups);

        var report = new GeneratorReport { Tool = "Stability Matrix", Parser = Id, Confidence = Confidence.Certain };
        foreach (var f in new[] { json, project, text })
        {
            if (f is null) continue;
            context.Claim(f);
            report.Evidence.Add(f.Evidence);
        }
        if (graphField is not null && GeneratorJson.TryParse(graphField.Value, out var root, out _) && ComfyGraph.FromApi(root) is { } graph)
        {
            context.Claim(graphField);
            report.Evidence.Add(graphField.Evidence);
            report.Parameters.Other.Add(new("Backend", "ComfyUI"));
            graph.DescribeInto(report, graphField.Evidence);
        }
        if (json is not null) ReadParametersJson(report, json);
        yield return report;
    }

    private static void ReadParametersJson(GeneratorReport report, MetadataField field)
    {
        if (!GeneratorJson.TryParse(GeneratorJson.RepairUtf8InLatin1(field.Value), out var root, out var error) || root.ValueKind != JsonValueKind.Object)
        {
            report.Findings.Add(new Finding(FindingSeverity.Error, "stability-matrix-json", $"parameters-json cannot be read: {error ?? "not a JSON object"}", field.Evidence));
            return;
        }
        var p = report.Parameters;
        foreach (var prop in root.EnumerateObject())
        {
            if (Typed.TryGetValue(prop.Name, out var apply)) { apply(p, prop.Value); continue; }
            if (prop.Name == "Sampler" && prop.Value.AsText() is { } sampler)
            {
                // The graph's sampler_name/scheduler are what ran; Stability Matrix's display name joins both.
                if (p.Sampler is null) p.Sampler = sampler;
                else p.Other.Add(new("Sampler (Stability Matrix)", sampler));
                continue;
            }
            if (IsEmpty(prop.Value)) continue;
            p.Other.Add(new(prop.Name, prop.Value.AsText() ?? prop.Value.GetRawText()));
        }
        if (root.Text("ModelName") is { Length: > 0 } name)
        {
            var model = report.Models.FirstOrDefault(m => m.Role == ModelRole.Checkpoint && m.Name == name);
            if (model is null)
            {
                model = new ModelReference { Role = ModelRole.Checkpoint, Name = name, Evidence = field.Evidence.Sub("ModelName") };
                report.Models.Insert(0, model);
            }
            if (root.Text("ModelHash") is { Length: > 0 } hash)
                model.Hashes.Add(new ClaimedHash(hash.Length == 64 ? HashKind.Sha256 : HashKind.Unknown, hash, field.Evidence.Sub("ModelHash")));
        }
    }

    private static bool IsEmpty(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => true,
        JsonValueKind.Number => v.AsDouble() is 0 or null,
        JsonValueKind.String => string.IsNullOrEmpty(v.GetString()),
        JsonValueKind.Array => v.GetArrayLength() == 0,
        _ => false,
    };
}
