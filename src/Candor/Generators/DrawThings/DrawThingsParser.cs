using System.Text.Json;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.DrawThings;

/// <summary>
/// Reads Draw Things (iOS/macOS) metadata: XMP <c>exif:UserComment</c> holds JSON
/// <c>{c, uc, model, sampler, seed, scale, steps, size: "WxH", strength, lora: [{file|model, weight}], v2: {controls: [...]}, …}</c>,
/// <c>xmp:CreatorTool</c> is "Draw Things", and <c>dc:description</c> repeats the parameters as A1111-like text
/// (claimed here, since this JSON explains it). Keys map through the table below.
/// </summary>
public sealed class DrawThingsParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "drawthings";

    private static readonly Dictionary<string, ParameterSlot> Slots = new(StringComparer.Ordinal)
    {
        ["c"] = ParameterSlot.Prompt,
        ["uc"] = ParameterSlot.NegativePrompt,
        ["seed"] = ParameterSlot.Seed,
        ["steps"] = ParameterSlot.Steps,
        ["scale"] = ParameterSlot.CfgScale,
        ["sampler"] = ParameterSlot.Sampler,
        ["size"] = ParameterSlot.Size,
        ["strength"] = ParameterSlot.Denoise,
    };

    private static readonly string[] Handled = ["model", "lora", "v2"];

    private static readonly FieldLocation[] JsonLocations = [new(FieldGroups.Xmp, "exif:UserComment"), new(FieldGroups.ExifSubIfd, "UserComment")];
    private static readonly FieldLocation[] ToolLocations = [new(FieldGroups.Xmp, "xmp:CreatorTool"), new(FieldGroups.ExifIfd0, "Software")];
    private static readonly FieldLocation[] DescriptionLocations = [new(FieldGroups.Xmp, "dc:description")];

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var tool = FieldLocation.FindFirst(context, ToolLocations);
        var named = tool is not null && tool.Value.Contains("Draw Things", StringComparison.OrdinalIgnoreCase);
        foreach (var field in FieldLocation.FindAll(context, JsonLocations).ToList())
        {
            if (!GeneratorJson.LooksLikeJson(field.Value)) continue;
            if (GeneratorJson.TryParseObject(field.Value) is not { } root) continue;
            var shaped = root.TryGetProperty("c", out _) && (root.TryGetProperty("scale", out _) || root.TryGetProperty("sampler", out _));
            if (!shaped || (!named && !root.TryGetProperty("v2", out _))) continue;
            context.Claim(field);
            var report = new GeneratorReport { Tool = "Draw Things", Parser = "drawthings", Confidence = named ? Confidence.Certain : Confidence.High };
            report.Evidence.Add(field.Evidence);
            if (named)
            {
                context.Claim(tool!);
                report.Evidence.Add(tool!.Evidence);
            }
            if (FieldLocation.FindFirst(context, DescriptionLocations) is { } description)
            {
                context.Claim(description);
                report.Evidence.Add(description.Evidence);
            }
            Read(root, field.Evidence, report);
            return [report];
        }
        return [];
    }

    private static void Read(JsonElement root, Evidence ev, GeneratorReport report)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (Handled.Contains(property.Name)) continue;
            var text = GeneratorJson.ToText(property.Value);
            if (text is null) continue;
            if (Slots.TryGetValue(property.Name, out var slot) && ParameterSlots.TryAssign(report.Parameters, slot, text)) continue;
            report.Parameters.Other.Add(new(property.Name, text));
        }
        var roster = new ModelRoster(report.Models);
        if (GeneratorJson.Property(root, "model") is { Length: > 0 } model) roster.Get(ModelRole.Checkpoint, model, ev.Sub("model"));
        if (root.TryGetProperty("lora", out var loras) && loras.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in loras.EnumerateArray())
            {
                var name = GeneratorJson.Property(item, "file") ?? GeneratorJson.Property(item, "model");
                if (string.IsNullOrWhiteSpace(name)) continue;
                roster.Get(ModelRole.Lora, name, ev.Sub("lora")).Weight = item.Double("weight");
            }
        }
        if (root.TryGetProperty("v2", out var v2) && v2.TryGetProperty("controls", out var controls) && controls.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in controls.EnumerateArray())
            {
                var file = GeneratorJson.Property(item, "file");
                if (string.IsNullOrWhiteSpace(file)) continue;
                var cls = ControlRiskTable.Classify(null, file);
                var control = new ControlInput { Kind = cls.Kind, Model = file, Weight = item.Double("weight"), Evidence = ev.Sub("v2 → controls") };
                foreach (var p in item.EnumerateObject())
                    if (p.Name is not ("file" or "weight") && GeneratorJson.ToText(p.Value) is { } v) control.Settings.Add(new(p.Name, v));
                cls.ApplyTo(control);
                report.Controls.Add(control);
                roster.Get(ModelRole.ControlNet, file, ev.Sub("v2 → controls"));
            }
        }
        if (report.Parameters.Denoise is < 1.0)
        {
            var cls = ControlRiskTable.Classify(null, null, ControlKind.Img2Img);
            var input = new ControlInput { Kind = ControlKind.Img2Img, Weight = report.Parameters.Denoise, Evidence = ev.Sub("strength") };
            cls.ApplyTo(input);
            report.Controls.Add(input);
        }
    }
}
