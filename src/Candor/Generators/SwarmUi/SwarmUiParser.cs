using System.Text.Json;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.SwarmUi;

/// <summary>
/// Reads SwarmUI's JSON (<c>parameters</c> in PNG, EXIF UserComment in JPEG/WebP):
/// <code>
/// { "sui_image_params": { prompt, negativeprompt, model, seed, steps, cfgscale, width, height, sampler, scheduler,
///                         loras, loraweights, controlnetmodel, controlnetstrength, …, swarm_version },
///   "sui_extra_data":   { date, generation_time, … },
///   "sui_models":       [ { name, param, hash } ] }
/// </code>
/// Parameter ids are SwarmUI's cleaned parameter names (lower case, letters and digits only: "ControlNet Two Model" →
/// <c>controlnettwomodel</c>; T2IParamTypes.cs and the ComfyUI backend extension register them). A <c>sui_models</c>
/// hash is "0x" + the SHA-256 of the safetensors tensor data (the bytes after the header), which is what Civitai calls
/// AutoV3, so it is reported as <see cref="HashKind.AutoV3"/>.
/// </summary>
public sealed class SwarmUiParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "swarmui";

    private static readonly IReadOnlyList<FieldLocation> Locations = FieldLocation.ParametersText;

    private static readonly Dictionary<string, ParameterSlot> Slots = new(StringComparer.Ordinal)
    {
        ["prompt"] = ParameterSlot.Prompt,
        ["negativeprompt"] = ParameterSlot.NegativePrompt,
        ["seed"] = ParameterSlot.Seed,
        ["steps"] = ParameterSlot.Steps,
        ["cfgscale"] = ParameterSlot.CfgScale,
        ["width"] = ParameterSlot.Width,
        ["height"] = ParameterSlot.Height,
        ["sampler"] = ParameterSlot.Sampler,
        ["scheduler"] = ParameterSlot.Scheduler,
        ["swarm_version"] = ParameterSlot.Version,
    };

    /// <summary>Parameters that name a single model, and the <c>sui_models</c> "param" that carries its hash.</summary>
    private static readonly (string Param, ModelRole Role)[] ModelParams =
    [
        ("model", ModelRole.Checkpoint),
        ("vae", ModelRole.Vae),
        ("refinermodel", ModelRole.Refiner),
        ("refinervae", ModelRole.Vae),
        ("videomodel", ModelRole.Other),
    ];

    /// <summary>ControlNet units: id suffix as SwarmUI builds it ("", "two", "three").</summary>
    private static readonly string[] ControlNetUnits = ["", "two", "three"];

    private static readonly string[] ControlNetFields = ["model", "strength", "preprocessor", "start", "end", "imageinput"];

    /// <summary>Parameters that mean an init image or a mask steered the image.</summary>
    private static readonly (string Param, ControlKind Kind)[] ImageInputs =
    [
        ("initimagecreativity", ControlKind.Img2Img),
        ("maskblur", ControlKind.Inpaint),
        ("initimagerecompositemask", ControlKind.Inpaint),
    ];

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var reports = new List<GeneratorReport>();
        foreach (var field in FieldLocation.FindAll(context, Locations).ToList())
        {
            if (!GeneratorJson.LooksLikeJson(field.Value)) continue;
            if (GeneratorJson.TryParseObject(field.Value) is not { } root || !root.TryGetProperty("sui_image_params", out var image) || image.ValueKind != JsonValueKind.Object) continue;
            context.Claim(field);
            reports.Add(Build(root, image, field));
        }
        return reports;
    }

    private static GeneratorReport Build(JsonElement root, JsonElement image, MetadataField field)
    {
        var ev = field.Evidence.Sub("sui_image_params");
        var version = GeneratorJson.Property(image, "swarm_version");
        var report = new GeneratorReport { Tool = "SwarmUI", Parser = "swarmui", Version = version, Confidence = Confidence.Certain };
        report.Evidence.Add(ev);
        var roster = new ModelRoster(report.Models);
        var handled = new HashSet<string>(StringComparer.Ordinal) { "loras", "loraweights", "useipadapter", "ipadapterweight" };
        foreach (var (param, _) in ModelParams) handled.Add(param);
        foreach (var unit in ControlNetUnits)
            foreach (var f in ControlNetFields) handled.Add($"controlnet{unit}{f}");

        ReadModels(root, image, roster, field.Evidence);

        foreach (var property in image.EnumerateObject())
        {
            if (handled.Contains(property.Name)) continue;
            var text = GeneratorJson.ToText(property.Value);
            if (text is null) continue;
            if (Slots.TryGetValue(property.Name, out var slot) && ParameterSlots.TryAssign(report.Parameters, slot, text)) continue;
            report.Parameters.Other.Add(new(property.Name, text));
        }
        if (root.TryGetProperty("sui_extra_data", out var extra) && extra.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in extra.EnumerateObject())
                if (GeneratorJson.ToText(property.Value) is { } text) report.Parameters.Other.Add(new($"sui_extra_data.{property.Name}", text));
        }

        ReadControls(image, ev, roster, report);
        if (report.Parameters.Denoise is null && image.Double("initimagecreativity") is { } creativity) report.Parameters.Denoise = creativity;
        return report;
    }

    private static void ReadModels(JsonElement root, JsonElement image, ModelRoster roster, Evidence evidence)
    {
        var ev = evidence.Sub("sui_image_params");
        // sui_models first: they carry the file names and the hashes; the image parameters then merge into them.
        if (root.TryGetProperty("sui_models", out var models) && models.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var m in models.EnumerateArray())
            {
                var mev = evidence.Sub($"sui_models[{index++}]");
                var name = GeneratorJson.Property(m, "name");
                if (name is null) continue;
                var param = GeneratorJson.Property(m, "param") ?? "";
                var model = roster.Get(RoleOfParam(param), name, mev);
                if (GeneratorJson.Property(m, "hash") is { } hash) ModelRoster.AddHash(model, hash, mev);
            }
        }
        foreach (var (param, role) in ModelParams)
        {
            var name = GeneratorJson.Property(image, param);
            if (name is null || name is "None" or "(None)" or "(Use Base)" or "") continue;
            roster.Get(role, name, ev.Sub(param));
        }
        var loras = ListOf(image, "loras");
        var weights = ListOf(image, "loraweights");
        for (var i = 0; i < loras.Count; i++)
        {
            var lora = roster.Get(ModelRole.Lora, loras[i], ev.Sub("loras"));
            lora.Weight = i < weights.Count && ParameterValue.TryParseDouble(weights[i], out var w) ? w : 1.0;
        }
    }

    private static ModelRole RoleOfParam(string param)
    {
        if (param is "loras") return ModelRole.Lora;
        if (param.StartsWith("controlnet", StringComparison.Ordinal)) return ModelRole.ControlNet;
        foreach (var (p, role) in ModelParams) if (p == param) return role;
        return ModelRole.Other;
    }

    private static void ReadControls(JsonElement image, Evidence ev, ModelRoster roster, GeneratorReport report)
    {
        foreach (var unit in ControlNetUnits)
        {
            var prefix = $"controlnet{unit}";
            var model = GeneratorJson.Property(image, prefix + "model");
            var strength = image.Double(prefix + "strength");
            var module = GeneratorJson.Property(image, prefix + "preprocessor");
            var noModel = model is null or "" or "(None)" or "None";
            if (noModel && strength is null && module is null) continue;
            var uev = ev.Sub(prefix + "model");
            if (noModel)
            {
                report.Findings.Add(new Finding(FindingSeverity.Warning, "controlnet-strength-without-model",
                    "A ControlNet strength or preprocessor is recorded but no ControlNet model: the unit may have been inactive.", uev));
                continue;
            }
            var cls = ControlRiskTable.Classify(module, model);
            var control = new ControlInput { Kind = cls.Kind, Module = module, Model = model, Weight = strength, Evidence = uev };
            foreach (var f in new[] { "start", "end", "imageinput" })
                if (GeneratorJson.Property(image, prefix + f) is { } v) control.Settings.Add(new(prefix + f, v));
            cls.ApplyTo(control);
            report.Controls.Add(control);
            roster.Get(ModelRole.ControlNet, model!, uev);
        }

        if (GeneratorJson.Property(image, "useipadapter") is { } ipAdapter && ipAdapter is not ("None" or ""))
        {
            var cls = ControlRiskTable.Classify(null, ipAdapter, ControlKind.IpAdapter);
            var control = new ControlInput { Kind = cls.Kind, Model = ipAdapter, Weight = image.Double("ipadapterweight"), Evidence = ev.Sub("useipadapter") };
            cls.ApplyTo(control);
            report.Controls.Add(control);
        }

        foreach (var (param, kind) in ImageInputs)
        {
            if (GeneratorJson.Property(image, param) is not { } value) continue;
            if (report.Controls.Any(c => c.Kind == kind)) continue;
            var control = new ControlInput { Kind = kind, Weight = image.Double(param), Evidence = ev.Sub(param) };
            control.Settings.Add(new(param, value));
            ControlRiskTable.Classify(null, null, kind).ApplyTo(control);
            report.Controls.Add(control);
        }
    }

    /// <summary>A list parameter written as a JSON array or a comma-separated string.</summary>
    private static List<string> ListOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.Array)
            return v.EnumerateArray().Select(GeneratorJson.ToText).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList();
        var text = GeneratorJson.ToText(v);
        return text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
