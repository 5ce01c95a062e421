using System.Globalization;
using System.Text;
using System.Text.Json;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.InvokeAi;

/// <summary>
/// InvokeAI, all three generations of its PNG text chunks:
/// <list type="bullet">
/// <item>2.x <c>Dream</c>: the command line that made the image, <c>"prompt [negative]" -s 50 -S 42 -W 512 -H 768 -C 7.5 -A k_lms …</c>;</item>
/// <item>2.x <c>sd-metadata</c>: JSON <c>{model_weights, model_hash, app_version, image: {prompt: [{prompt, weight}], steps, cfg_scale, seed, …}}</c>;</item>
/// <item>3.x and later <c>invokeai_metadata</c>: flat JSON (generation_mode, positive_prompt, model {name, base, hash "blake3:…"},
/// loras, controlnets, ipAdapters, t2iAdapters, …), beside <c>invokeai_workflow</c> and/or <c>invokeai_graph</c>.</item>
/// </list>
/// </summary>
public sealed class InvokeAiParser : IGeneratorParser
{
    private static readonly string[] PngGroups = [FieldGroups.PngText, FieldGroups.PngZText, FieldGroups.PngIText];

    /// <summary>Dream command-line options (short and long) and the parameter each sets.</summary>
    private static readonly Dictionary<string, Action<GenerationParameters, string>> DreamOptions = new(StringComparer.Ordinal)
    {
        ["-s"] = (p, v) => p.Steps = Int(v),
        ["--steps"] = (p, v) => p.Steps = Int(v),
        ["-S"] = (p, v) => p.Seed = v,
        ["--seed"] = (p, v) => p.Seed = v,
        ["-W"] = (p, v) => p.Width = Int(v),
        ["--width"] = (p, v) => p.Width = Int(v),
        ["-H"] = (p, v) => p.Height = Int(v),
        ["--height"] = (p, v) => p.Height = Int(v),
        ["-C"] = (p, v) => p.CfgScale = Double(v),
        ["--cfg_scale"] = (p, v) => p.CfgScale = Double(v),
        ["-A"] = (p, v) => p.Sampler = v,
        ["--sampler"] = (p, v) => p.Sampler = v,
        ["-f"] = (p, v) => p.Denoise = Double(v),
        ["--strength"] = (p, v) => p.Denoise = Double(v),
    };

    /// <summary>Dream options named in Other with a readable name.</summary>
    private static readonly Dictionary<string, string> DreamOtherNames = new(StringComparer.Ordinal)
    {
        ["-G"] = "GFPGAN strength",
        ["-cf"] = "CodeFormer fidelity",
        ["-U"] = "Upscale",
        ["-I"] = "Init image",
        ["--init_img"] = "Init image",
        ["-M"] = "Init mask",
        ["--init_mask"] = "Init mask",
        ["-m"] = "Model",
        ["--model"] = "Model",
        ["-n"] = "Iterations",
        ["-V"] = "Variation amount",
        ["-v"] = "Variation amount",
        ["--seamless"] = "Seamless",
        ["--hires_fix"] = "Hires fix",
        ["-F"] = "Fit",
        ["--fit"] = "Fit",
    };

    /// <summary>invokeai_metadata (3.x+) keys with a typed slot.</summary>
    private static readonly Dictionary<string, Action<GenerationParameters, JsonElement>> MetadataKeys = new(StringComparer.Ordinal)
    {
        ["positive_prompt"] = (p, v) => p.Prompt = v.AsText(),
        ["negative_prompt"] = (p, v) => p.NegativePrompt = v.AsText(),
        ["seed"] = (p, v) => p.Seed = v.AsText(),
        ["steps"] = (p, v) => p.Steps = v.AsInt(),
        ["cfg_scale"] = (p, v) => p.CfgScale = v.AsDouble(),
        // InvokeAI follows diffusers, where the sampling algorithm is called a "scheduler"
        // (euler, euler_a, dpmpp_2m_k): it is what every other tool calls the sampler.
        ["scheduler"] = (p, v) => p.Sampler = v.AsText(),
        ["width"] = (p, v) => p.Width = v.AsInt(),
        ["height"] = (p, v) => p.Height = v.AsInt(),
        ["strength"] = (p, v) => p.Denoise = v.AsDouble(),
        ["clip_skip"] = (p, v) => p.ClipSkip = v.AsInt(),
        ["app_version"] = (p, v) => p.Version = v.AsText(),
    };

    /// <summary>invokeai_metadata keys holding models or control inputs (read separately, not echoed into Other).</summary>
    private static readonly HashSet<string> StructuredKeys = new(StringComparer.Ordinal)
    {
        "model", "vae", "loras", "controlnets", "ipAdapters", "t2iAdapters", "refiner_model", "init_image", "ref_images",
    };

    /// <summary>Control lists of invokeai_metadata: key, kind hint, the property naming the model, the property giving the weight.</summary>
    private static readonly (string Key, ControlKind Kind, string ModelKey, string WeightKey)[] ControlLists =
    [
        ("controlnets", ControlKind.ControlNet, "control_model", "control_weight"),
        ("t2iAdapters", ControlKind.T2IAdapter, "t2i_adapter_model", "weight"),
        ("ipAdapters", ControlKind.IpAdapter, "ip_adapter_model", "weight"),
    ];

    /// <summary>Settings copied from a control entry when present.</summary>
    private static readonly string[] ControlSettings = ["begin_step_percent", "end_step_percent", "control_mode", "resize_mode", "method", "clip_vision_model"];

    /// <summary>generation_mode tokens that mean an input image was the starting point.</summary>
    private static readonly (string Token, ControlKind Kind)[] ImageModes =
    [
        ("inpaint", ControlKind.Inpaint),
        ("outpaint", ControlKind.Inpaint),
        ("img2img", ControlKind.Img2Img),
    ];

    /// <inheritdoc />
    public string Id => "invokeai";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        if (context.Find("invokeai_metadata", PngGroups) is { } metadata)
            yield return ReadMetadata(context, metadata);
        else if (context.Find("invokeai_graph", PngGroups) is { } graphOnly)
            yield return ReadMetadata(context, null, graphOnly);
        if (context.Find("sd-metadata", PngGroups) is { } legacy)
            yield return ReadLegacyJson(context, legacy);
        if (context.Find("Dream", PngGroups) is { } dream)
            yield return ReadDream(context, dream);
    }

    // ---- 3.x and later ----

    private GeneratorReport ReadMetadata(GeneratorContext context, MetadataField? field, MetadataField? graphField = null)
    {
        var report = new GeneratorReport { Tool = "InvokeAI", Parser = Id };
        graphField ??= context.Find("invokeai_graph", PngGroups);
        var workflow = context.Find("invokeai_workflow", PngGroups);
        foreach (var f in new[] { field, graphField, workflow })
        {
            if (f is null) continue;
            context.Claim(f);
            report.Evidence.Add(f.Evidence);
        }
        if (workflow is not null) report.Parameters.Other.Add(new("Workflow", "embedded (invokeai_workflow)"));
        if (graphField is not null) report.Parameters.Other.Add(new("Graph", "embedded (invokeai_graph)"));

        if (field is not null)
        {
            if (Load(field, report) is { } root) ReadMetadataJson(report, root, field.Evidence);
        }
        else
        {
            report.Confidence = Confidence.High;
        }
        if (graphField is not null && !report.Models.Any(m => m.Role == ModelRole.Checkpoint) && Load(graphField, report) is { } graph)
            FillModelFromGraph(report, graph, graphField.Evidence);
        report.Version = report.Parameters.Version;
        return report;
    }

    private static void ReadMetadataJson(GeneratorReport report, JsonElement root, Evidence evidence)
    {
        var p = report.Parameters;
        foreach (var prop in root.EnumerateObject())
        {
            if (MetadataKeys.TryGetValue(prop.Name, out var apply)) apply(p, prop.Value);
            else if (!StructuredKeys.Contains(prop.Name) && !ControlLists.Any(c => c.Key == prop.Name)
                     && prop.Value.AsText() is { Length: > 0 } text)
                p.Other.Add(new(prop.Name, text));
        }
        AddModel(report, ModelRole.Checkpoint, root.Prop("model"), null, evidence.Sub("model"));
        AddModel(report, ModelRole.Refiner, root.Prop("refiner_model"), null, evidence.Sub("refiner_model"));
        AddModel(report, ModelRole.Vae, root.Prop("vae"), null, evidence.Sub("vae"));
        if (root.Prop("loras") is { ValueKind: JsonValueKind.Array } loras)
            foreach (var lora in loras.EnumerateArray())
                AddModel(report, ModelRole.Lora, lora.Prop("lora") ?? lora.Prop("model"), lora.Double("weight"), evidence.Sub("loras"));
        foreach (var (key, kind, modelKey, weightKey) in ControlLists)
        {
            if (root.Prop(key) is not { ValueKind: JsonValueKind.Array } items) continue;
            foreach (var item in items.EnumerateArray())
                AddControl(report, kind, item.Prop(modelKey), item.Double(weightKey), item, evidence.Sub(key));
        }
        // 6.x reference images: { image, config: { type: "ip_adapter" | "flux_redux" | …, model, weight } }
        if (root.Prop("ref_images") is { ValueKind: JsonValueKind.Array } refs)
            foreach (var r in refs.EnumerateArray())
            {
                if (r.Prop("isEnabled")?.ValueKind == JsonValueKind.False) continue;
                var config = r.Prop("config") ?? r;
                var kind = (config.Text("type") ?? "").Contains("ip_adapter", StringComparison.Ordinal) ? ControlKind.IpAdapter : ControlKind.Reference;
                AddControl(report, kind, config.Prop("model"), config.Double("weight"), r, evidence.Sub("ref_images"));
            }
        if (root.Text("generation_mode") is { } mode)
        {
            var match = ImageModes.FirstOrDefault(m => mode.Contains(m.Token, StringComparison.Ordinal));
            if (match.Token is not null)
            {
                var control = new ControlInput { Kind = match.Kind, Weight = p.Denoise, Evidence = evidence.Sub("generation_mode") };
                ControlRiskTable.Classify(null, null, match.Kind).ApplyTo(control);
                if (ImageName(root.Prop("init_image")) is { } init) control.Settings.Add(new("Image", init));
                report.Controls.Add(control);
            }
        }
    }

    private static void AddControl(GeneratorReport report, ControlKind kind, JsonElement? model, double? weight, JsonElement item, Evidence evidence)
    {
        var modelName = ModelName(model);
        var module = item.Prop("processor")?.Text("type") ?? item.Text("processor_type");
        var control = new ControlInput { Kind = kind, Module = module, Model = modelName, Weight = weight, Evidence = evidence };
        ControlRiskTable.Classify(module, modelName, kind).ApplyTo(control);
        foreach (var key in ControlSettings)
            if (item.Text(key) is { } v) control.Settings.Add(new(key, v));
        if (ImageName(item.Prop("image")) is { } image) control.Settings.Add(new("Image", image));
        report.Controls.Add(control);
        if (modelName is not null)
            AddModel(report, kind == ControlKind.ControlNet ? ModelRole.ControlNet : ModelRole.Adapter, model, null, evidence);
    }

    private static void AddModel(GeneratorReport report, ModelRole role, JsonElement? model, double? weight, Evidence evidence)
    {
        if (ModelName(model) is not { } name) return;
        var reference = new ModelReference { Role = role, Name = name, Weight = weight, Evidence = evidence };
        if (model!.Value.ValueKind == JsonValueKind.Object && model.Value.Text("hash") is { Length: > 0 } hash)
            reference.Hashes.Add(ParseHash(hash, evidence.Sub("hash")));
        foreach (var key in new[] { "base", "base_model" })
            if (model.Value.ValueKind == JsonValueKind.Object && model.Value.Text(key) is { } b && role == ModelRole.Checkpoint)
                report.Parameters.Other.Add(new("Model base", b));
        report.Models.Add(reference);
    }

    // Models are written as a name string, or as { name | model_name, base | base_model, hash, key }.
    private static string? ModelName(JsonElement? model) => model switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } n ? n : null,
        { ValueKind: JsonValueKind.Object } o => o.Text("name") ?? o.Text("model_name"),
        _ => null,
    };

    private static string? ImageName(JsonElement? image) => image switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => o.Text("image_name"),
        _ => null,
    };

    /// <summary>"blake3:&lt;hex&gt;" and "sha256:&lt;hex&gt;" as InvokeAI 4+ writes them; a bare 64-hex value is SHA-256 (2.x).</summary>
    private static ClaimedHash ParseHash(string hash, Evidence evidence)
    {
        var colon = hash.IndexOf(':');
        var algorithm = colon > 0 ? hash[..colon].ToLowerInvariant() : null;
        var value = colon > 0 ? hash[(colon + 1)..] : hash;
        var kind = algorithm switch
        {
            "blake3" => HashKind.Blake3,
            "sha256" => HashKind.Sha256,
            null when value.Length == 64 => HashKind.Sha256,
            _ => HashKind.Unknown,
        };
        return new ClaimedHash(kind, value, evidence);
    }

    private static void FillModelFromGraph(GeneratorReport report, JsonElement graph, Evidence evidence)
    {
        if (graph.Prop("nodes") is not { ValueKind: JsonValueKind.Object } nodes) return;
        foreach (var node in nodes.EnumerateObject())
        {
            if (node.Value.Prop("model") is { ValueKind: JsonValueKind.Object } model && model.Text("type") == "main")
            {
                AddModel(report, ModelRole.Checkpoint, model, null, evidence.Sub($"nodes → {node.Name} → model"));
                return;
            }
        }
    }

    // ---- 2.x sd-metadata ----

    private GeneratorReport ReadLegacyJson(GeneratorContext context, MetadataField field)
    {
        context.Claim(field);
        var report = new GeneratorReport { Tool = "InvokeAI", Parser = Id };
        report.Evidence.Add(field.Evidence);
        if (Load(field, report) is not { } root) return report;
        var p = report.Parameters;
        p.Version = root.Text("app_version");
        report.Version = p.Version;
        if (root.Text("model_weights") is { Length: > 0 } weights)
        {
            var model = new ModelReference { Role = ModelRole.Checkpoint, Name = weights, Evidence = field.Evidence.Sub("model_weights") };
            if (root.Text("model_hash") is { Length: > 0 } hash) model.Hashes.Add(ParseHash(hash, field.Evidence.Sub("model_hash")));
            report.Models.Add(model);
        }
        if (root.Prop("image") is not { ValueKind: JsonValueKind.Object } image) return report;
        p.Prompt = image.Prop("prompt") switch
        {
            { ValueKind: JsonValueKind.Array } parts => string.Join(" ", parts.EnumerateArray().Select(x => x.Text("prompt") ?? x.AsText()).OfType<string>()),
            { } single => single.AsText(),
            null => null,
        };
        p.Steps = image.Int("steps");
        p.CfgScale = image.Double("cfg_scale");
        p.Seed = image.Text("seed");
        p.Width = image.Int("width");
        p.Height = image.Int("height");
        p.Sampler = image.Text("sampler");
        p.Denoise = image.Double("strength");
        foreach (var prop in image.EnumerateObject())
            if (prop.Name is not ("prompt" or "steps" or "cfg_scale" or "seed" or "width" or "height" or "sampler" or "strength")
                && prop.Value.AsText() is { Length: > 0 } text)
                p.Other.Add(new(prop.Name, text));
        var type = image.Text("type") ?? "";
        var init = image.Text("init_image_path");
        if (init is not null || type.Contains("img2img", StringComparison.Ordinal) || type.Contains("inpaint", StringComparison.Ordinal))
        {
            var kind = type.Contains("inpaint", StringComparison.Ordinal) || image.Text("init_mask") is not null ? ControlKind.Inpaint : ControlKind.Img2Img;
            var control = new ControlInput { Kind = kind, Weight = p.Denoise, Evidence = field.Evidence.Sub("image → type") };
            ControlRiskTable.Classify(null, null, kind).ApplyTo(control);
            if (init is not null) control.Settings.Add(new("Image", init));
            report.Controls.Add(control);
        }
        return report;
    }

    // ---- 2.x Dream ----

    private GeneratorReport ReadDream(GeneratorContext context, MetadataField field)
    {
        context.Claim(field);
        var report = new GeneratorReport { Tool = "InvokeAI", Parser = Id, Version = "2.x (Dream)" };
        report.Evidence.Add(field.Evidence);
        var tokens = Tokenise(field.Value);
        var p = report.Parameters;
        var i = 0;
        if (tokens.Count > 0 && !tokens[0].StartsWith('-'))
        {
            var (prompt, negative) = SplitNegative(tokens[0]);
            p.Prompt = prompt;
            p.NegativePrompt = negative;
            i = 1;
        }
        while (i < tokens.Count)
        {
            var option = tokens[i++];
            var values = new List<string>();
            while (i < tokens.Count && !IsOption(tokens[i])) values.Add(tokens[i++]);
            var value = string.Join(" ", values);
            if (DreamOptions.TryGetValue(option, out var apply)) apply(p, value);
            else p.Other.Add(new(DreamOtherNames.GetValueOrDefault(option, option), value));
        }
        var init = p.Other.FirstOrDefault(kv => kv.Key == "Init image").Value;
        if (init is not null)
        {
            var kind = p.Other.Any(kv => kv.Key == "Init mask") ? ControlKind.Inpaint : ControlKind.Img2Img;
            var control = new ControlInput { Kind = kind, Weight = p.Denoise, Evidence = field.Evidence.Sub("-I") };
            ControlRiskTable.Classify(null, null, kind).ApplyTo(control);
            control.Settings.Add(new("Image", init));
            report.Controls.Add(control);
        }
        var model = p.Other.FirstOrDefault(kv => kv.Key == "Model").Value;
        if (model is not null) report.Models.Add(new ModelReference { Role = ModelRole.Checkpoint, Name = model, Evidence = field.Evidence.Sub("-m") });
        return report;
    }

    // An option is "-x" or "--name"; a negative number ("-1") is a value.
    private static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]) && token[1] != '.';

    /// <summary>Splits a command line into tokens; double or single quotes group, backslash escapes inside double quotes.</summary>
    internal static List<string> Tokenise(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"' && i + 1 < line.Length && line[i + 1] is '"' or '\\') current.Append(line[++i]);
                else if (c == quote) quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c is '"' or '\'') { quote = c; inToken = true; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (inToken) tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
                continue;
            }
            current.Append(c);
            inToken = true;
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }

    // InvokeAI 2.x writes the negative prompt inside square brackets within the prompt.
    private static (string Prompt, string? Negative) SplitNegative(string text)
    {
        var prompt = new StringBuilder();
        var negatives = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '[' && depth++ == 0) start = i + 1;
            else if (text[i] == ']' && depth > 0 && --depth == 0) negatives.Add(text[start..i].Trim());
            else if (depth == 0) prompt.Append(text[i]);
        }
        if (depth > 0) prompt.Append('[').Append(text[start..]);
        return (prompt.ToString().Trim(), negatives.Count > 0 ? string.Join(", ", negatives) : null);
    }

    private static JsonElement? Load(MetadataField field, GeneratorReport report)
    {
        var text = FieldGroups.IsPngText(field.Group) && field.Group == FieldGroups.PngText ? GeneratorJson.RepairUtf8InLatin1(field.Value) : field.Value;
        if (GeneratorJson.TryParse(text, out var root, out var error) && root.ValueKind == JsonValueKind.Object) return root;
        report.Findings.Add(new Finding(FindingSeverity.Error, "invokeai-json", $"{field.Name} cannot be read: {error ?? "not a JSON object"}", field.Evidence));
        report.Confidence = Confidence.High;
        return null;
    }

    private static int? Int(string v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static double? Double(string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
}
