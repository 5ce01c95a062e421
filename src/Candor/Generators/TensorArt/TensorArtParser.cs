using System.Text.Json;
using Candor.Generators.ComfyUi;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.TensorArt;

/// <summary>
/// Tensor.Art's on-site generator: PNG text <c>generation_data</c> (JSON, UTF-8 bytes in tEXt) with the user's
/// settings and the model as the site knows it (<c>baseModel.modelFileName</c>, <c>hash</c> = full SHA-256), plus the
/// ComfyUI API graph it ran in <c>prompt</c>, where the checkpoint appears under an internal
/// <c>ECHOCheckpointLoaderSimple</c> name ("EMS-1401459-EMS.safetensors"). Runs before the ComfyUI parser.
/// </summary>
public sealed class TensorArtParser : IGeneratorParser
{
    private static readonly string[] PngGroups = [FieldGroups.PngText, FieldGroups.PngZText, FieldGroups.PngIText];

    /// <summary>generation_data keys with a typed slot; anything else non-empty goes to Other.</summary>
    private static readonly Dictionary<string, Action<GenerationParameters, JsonElement>> Typed = new(StringComparer.Ordinal)
    {
        ["prompt"] = (p, v) => p.Prompt = v.AsText(),
        ["negativePrompt"] = (p, v) => p.NegativePrompt = v.AsText(),
        ["width"] = (p, v) => p.Width = v.AsInt() ?? p.Width,
        ["height"] = (p, v) => p.Height = v.AsInt() ?? p.Height,
        ["steps"] = (p, v) => p.Steps = v.AsInt() ?? p.Steps,
        ["cfgScale"] = (p, v) => p.CfgScale = v.AsDouble() ?? p.CfgScale,
        ["clipSkip"] = (p, v) => p.ClipSkip = v.AsInt() ?? p.ClipSkip,
        // "-1" means "random": the seed actually used is in the graph.
        ["seed"] = (p, v) => { if (v.AsText() is { Length: > 0 } s && s != "-1") p.Seed = s; },
        ["ksamplerName"] = (p, v) => p.Sampler ??= v.AsText(),
        ["schedule"] = (p, v) => p.Scheduler ??= v.AsText(),
        ["denoisingStrength"] = (p, v) => p.Denoise = v.AsDouble() ?? p.Denoise,
        ["baseModel"] = (_, _) => { },
        ["models"] = (_, _) => { },
        ["loraModels"] = (_, _) => { },
    };

    /// <summary>Array properties that list LoRAs as { modelFileName | label, weight, hash }.</summary>
    private static readonly string[] LoraLists = ["models", "loraModels"];

    /// <summary>Prefix of Tensor.Art's internal checkpoint file names in the graph.</summary>
    private const string InternalModelPrefix = "EMS-";

    /// <inheritdoc />
    public string Id => "tensorart";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var data = context.Find("generation_data", PngGroups);
        if (data is null) yield break;
        context.Claim(data);
        var report = new GeneratorReport { Tool = "Tensor.Art", Parser = Id, Confidence = Confidence.Certain };
        report.Evidence.Add(data.Evidence);

        var graphField = context.Find("prompt", PngGroups);
        if (graphField is not null && GeneratorJson.TryParse(graphField.Value, out var graphRoot, out _) && ComfyGraph.FromApi(graphRoot) is { } graph)
        {
            context.Claim(graphField);
            report.Evidence.Add(graphField.Evidence);
            report.Parameters.Other.Add(new("Backend", "ComfyUI"));
            graph.DescribeInto(report, graphField.Evidence);
        }

        if (!GeneratorJson.TryParse(GeneratorJson.RepairUtf8InLatin1(data.Value), out var root, out var error) || root.ValueKind != JsonValueKind.Object)
        {
            report.Findings.Add(new Finding(FindingSeverity.Error, "tensorart-json", $"generation_data cannot be read: {error ?? "not a JSON object"}", data.Evidence));
            yield return report;
            yield break;
        }
        var p = report.Parameters;
        foreach (var prop in root.EnumerateObject())
        {
            if (Typed.TryGetValue(prop.Name, out var apply)) apply(p, prop.Value);
            else if (prop.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array) && prop.Value.AsText() is { Length: > 0 } t)
                p.Other.Add(new(prop.Name, t));
        }
        ReadBaseModel(report, root, data);
        ReadLoras(report, root, data);
        yield return report;
    }

    private static void ReadBaseModel(GeneratorReport report, JsonElement root, MetadataField data)
    {
        if (root.Prop("baseModel") is not { ValueKind: JsonValueKind.Object } bm) return;
        var name = bm.Text("modelFileName") ?? bm.Text("label");
        if (string.IsNullOrEmpty(name)) return;
        // The graph's internal name says nothing to a reader; keep it as a note and report the site's model.
        foreach (var internalRef in report.Models.Where(m => m.Role == ModelRole.Checkpoint && m.Name.StartsWith(InternalModelPrefix, StringComparison.Ordinal)).ToList())
        {
            report.Models.Remove(internalRef);
            report.Parameters.Other.Add(new("Tensor.Art model file", internalRef.Name));
        }
        var model = new ModelReference { Role = ModelRole.Checkpoint, Name = name, Evidence = data.Evidence.Sub("baseModel") };
        if (bm.Text("hash") is { Length: > 0 } hash)
            model.Hashes.Add(new ClaimedHash(hash.Length == 64 ? HashKind.Sha256 : HashKind.Unknown, hash, data.Evidence.Sub("baseModel → hash")));
        report.Models.Insert(0, model);
        foreach (var key in new[] { "label", "modelId", "modelFileId", "baseModel" })
            if (bm.Text(key) is { Length: > 0 } v) report.Parameters.Other.Add(new($"baseModel {key}", v));
    }

    private static void ReadLoras(GeneratorReport report, JsonElement root, MetadataField data)
    {
        foreach (var list in LoraLists)
        {
            if (root.Prop(list) is not { ValueKind: JsonValueKind.Array } items) continue;
            foreach (var item in items.EnumerateArray())
            {
                var name = item.Text("modelFileName") ?? item.Text("label");
                if (string.IsNullOrEmpty(name)) continue;
                var lora = new ModelReference { Role = ModelRole.Lora, Name = name, Weight = item.Double("weight"), Evidence = data.Evidence.Sub(list) };
                if (item.Text("hash") is { Length: > 0 } hash)
                    lora.Hashes.Add(new ClaimedHash(hash.Length == 64 ? HashKind.Sha256 : HashKind.Unknown, hash, data.Evidence.Sub($"{list} → hash")));
                report.Models.Add(lora);
            }
        }
    }
}
