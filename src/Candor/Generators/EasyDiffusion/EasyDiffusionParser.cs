using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.EasyDiffusion;

/// <summary>
/// Reads Easy Diffusion's metadata: one PNG text chunk per request key (sdkit <c>save_dicts</c>, "embed" output),
/// under its internal names (<c>use_stable_diffusion_model</c>) or, with the human-readable option, the display names
/// of easydiffusion's <c>save_utils.py</c> TASK_TEXT_MAPPING ("Stable Diffusion model"); or the same dictionary as JSON
/// in EXIF UserComment / PNG <c>parameters</c>. Both spellings of each key are one row of the table below.
/// </summary>
public sealed class EasyDiffusionParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "easydiffusion";

    private enum Meaning { Slot, Model, Weight, ControlModel, ControlModule, ControlWeight, Other }

    private sealed record Key(string Internal, string Display, Meaning Meaning, ParameterSlot Slot = default, ModelRole Role = default);

    private static readonly Key[] Keys =
    [
        new("prompt", "Prompt", Meaning.Slot, ParameterSlot.Prompt),
        new("negative_prompt", "Negative Prompt", Meaning.Slot, ParameterSlot.NegativePrompt),
        new("seed", "Seed", Meaning.Slot, ParameterSlot.Seed),
        new("sampler_name", "Sampler", Meaning.Slot, ParameterSlot.Sampler),
        new("scheduler_name", "Scheduler", Meaning.Slot, ParameterSlot.Scheduler),
        new("width", "Width", Meaning.Slot, ParameterSlot.Width),
        new("height", "Height", Meaning.Slot, ParameterSlot.Height),
        new("num_inference_steps", "Steps", Meaning.Slot, ParameterSlot.Steps),
        new("guidance_scale", "Guidance Scale", Meaning.Slot, ParameterSlot.CfgScale),
        new("prompt_strength", "Prompt Strength", Meaning.Slot, ParameterSlot.Denoise),
        new("use_stable_diffusion_model", "Stable Diffusion model", Meaning.Model, Role: ModelRole.Checkpoint),
        new("use_vae_model", "VAE model", Meaning.Model, Role: ModelRole.Vae),
        new("use_text_encoder_model", "Text Encoder model", Meaning.Model, Role: ModelRole.TextEncoder),
        new("use_lora_model", "LoRA model", Meaning.Model, Role: ModelRole.Lora),
        new("lora_alpha", "LoRA Strength", Meaning.Weight, Role: ModelRole.Lora),
        new("use_hypernetwork_model", "Hypernetwork model", Meaning.Model, Role: ModelRole.Hypernetwork),
        new("hypernetwork_strength", "Hypernetwork Strength", Meaning.Weight, Role: ModelRole.Hypernetwork),
        new("use_embeddings_model", "Embedding models", Meaning.Model, Role: ModelRole.Embedding),
        new("use_embedding_models", "Embedding models", Meaning.Model, Role: ModelRole.Embedding),
        new("use_upscale", "Use Upscaling", Meaning.Model, Role: ModelRole.Upscaler),
        new("use_face_correction", "Use Face Correction", Meaning.Model, Role: ModelRole.Other),
        new("use_controlnet_model", "ControlNet model", Meaning.ControlModel),
        new("control_filter_to_apply", "ControlNet Filter", Meaning.ControlModule),
        new("control_alpha", "ControlNet Strength", Meaning.ControlWeight),
        new("clip_skip", "Clip Skip", Meaning.Other),
        new("tiling", "Seamless Tiling", Meaning.Other),
        new("distilled_guidance_scale", "Distilled Guidance", Meaning.Other),
        new("upscale_amount", "Upscale Strength", Meaning.Other),
        new("latent_upscaler_steps", "Latent Upscaler Steps", Meaning.Other),
    ];

    /// <summary>Keys only Easy Diffusion writes: at least one must be present.</summary>
    private static readonly string[] Markers = ["use_stable_diffusion_model", "Stable Diffusion model"];

    private static readonly FieldLocation[] JsonLocations =
    [
        new(FieldGroups.ExifSubIfd, "UserComment"),
        new(FieldGroups.PngText, "parameters"),
        new(FieldGroups.PngIText, "parameters"),
    ];

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var reports = new List<GeneratorReport>();
        var chunks = context.Unclaimed.Where(f => FieldGroups.IsPngText(f.Group) && Find(f.Name) is not null).ToList();
        if (chunks.Any(f => Markers.Contains(f.Name)))
        {
            var values = chunks.Select(f => (f.Name, f.Value, f.Evidence)).ToList();
            foreach (var f in chunks) context.Claim(f);
            reports.Add(Build(values, chunks[0].Evidence));
        }
        foreach (var field in FieldLocation.FindAll(context, JsonLocations).ToList())
        {
            if (!GeneratorJson.LooksLikeJson(field.Value)) continue;
            if (GeneratorJson.TryParseObject(field.Value) is not { } root || !Markers.Any(m => root.TryGetProperty(m, out _))) continue;
            var values = new List<(string, string, Evidence)>();
            foreach (var p in root.EnumerateObject())
                if (Find(p.Name) is not null && GeneratorJson.ToText(p.Value) is { } text) values.Add((p.Name, text, field.Evidence.Sub(p.Name)));
            context.Claim(field);
            reports.Add(Build(values, field.Evidence));
        }
        return reports;
    }

    private static Key? Find(string name)
    {
        foreach (var k in Keys) if (k.Internal == name || k.Display == name) return k;
        return null;
    }

    private static GeneratorReport Build(List<(string Name, string Value, Evidence Evidence)> values, Evidence first)
    {
        var report = new GeneratorReport { Tool = "Easy Diffusion", Parser = "easydiffusion", Confidence = Confidence.High };
        report.Evidence.Add(values.FirstOrDefault(v => Markers.Contains(v.Name)).Evidence ?? first);
        var roster = new ModelRoster(report.Models);
        string? controlModel = null, controlModule = null;
        double? controlWeight = null;
        Evidence? controlEvidence = null;
        var weights = new Dictionary<ModelRole, List<string>>();
        foreach (var (name, value, ev) in values)
        {
            var key = Find(name)!;
            switch (key.Meaning)
            {
                case Meaning.Slot:
                    if (!ParameterSlots.TryAssign(report.Parameters, key.Slot, value)) report.Parameters.Other.Add(new(name, value));
                    break;
                case Meaning.Model:
                    foreach (var item in ListItems(value)) roster.Get(key.Role, item, ev);
                    break;
                case Meaning.Weight:
                    weights[key.Role] = ListItems(value);
                    break;
                case Meaning.ControlModel:
                    controlModel = value.Trim().Length == 0 || value.Trim() == "None" ? null : value.Trim();
                    controlEvidence = ev;
                    break;
                case Meaning.ControlModule:
                    controlModule = value.Trim();
                    break;
                case Meaning.ControlWeight:
                    controlWeight = ParameterValue.TryParseDouble(value, out var w) ? w : null;
                    break;
                default:
                    report.Parameters.Other.Add(new(name, value));
                    break;
            }
        }
        foreach (var (role, list) in weights)
        {
            var models = report.Models.Where(m => m.Role == role).ToList();
            for (var i = 0; i < models.Count && i < list.Count; i++)
                if (ParameterValue.TryParseDouble(list[i], out var w)) models[i].Weight = w;
        }
        if (controlModel is not null)
        {
            var cls = ControlRiskTable.Classify(controlModule, controlModel);
            var control = new ControlInput { Kind = cls.Kind, Module = controlModule, Model = controlModel, Weight = controlWeight, Evidence = controlEvidence! };
            cls.ApplyTo(control);
            report.Controls.Add(control);
            roster.Get(ModelRole.ControlNet, controlModel, controlEvidence!);
        }
        return report;
    }

    /// <summary>A value that may be one name, a comma list, or a Python/JSON list ("['a', 'b']").</summary>
    private static List<string> ListItems(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        return v.Split(',').Select(s => s.Trim().Trim('\'', '"').Trim()).Where(s => s.Length > 0 && s != "None").ToList();
    }
}
