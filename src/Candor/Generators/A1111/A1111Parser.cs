using System.Globalization;
using System.Text.Json;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.A1111;

/// <summary>
/// Reads AUTOMATIC1111-style infotext (A1111, Forge, reForge, Forge Classic/Neo, SD.Next, Civitai's on-site
/// generator, and tools that imitate it) from PNG <c>parameters</c>, its stealth pixel copy, EXIF UserComment or
/// XMP <c>exif:UserComment</c>. JSON texts (Fooocus, SwarmUI, ComfyUI graphs) and texts without a parameter line
/// are left for other parsers. Known keys map through the tables below; every other key lands in
/// <see cref="GenerationParameters.Other"/> in the order written.
/// </summary>
public sealed class A1111Parser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "a1111";

    /// <summary>Where infotext lives, most authoritative first.</summary>
    private static readonly FieldLocation[] Locations =
    [
        .. FieldLocation.ParametersText,
        new(FieldGroups.StealthAlpha, "parameters"),
        new(FieldGroups.StealthRgb, "parameters"),
    ];

    /// <summary>Keys with a typed slot.</summary>
    private static readonly Dictionary<string, ParameterSlot> Slots = new(StringComparer.Ordinal)
    {
        ["Steps"] = ParameterSlot.Steps,
        ["Sampler"] = ParameterSlot.Sampler,
        ["Schedule type"] = ParameterSlot.Scheduler,
        ["Sampler sigma"] = ParameterSlot.Scheduler, // SD.Next writes the sigma schedule here (karras, exponential…)
        ["CFG scale"] = ParameterSlot.CfgScale,
        ["Seed"] = ParameterSlot.Seed,
        ["Size"] = ParameterSlot.Size,
        ["Denoising strength"] = ParameterSlot.Denoise,
        ["Clip skip"] = ParameterSlot.ClipSkip,
        ["Version"] = ParameterSlot.Version,
    };

    /// <summary>A model named by one key, its hash by another (or inline as "name [hash]" / "name(hash)").</summary>
    private sealed record ModelKey(string NameKey, string? HashKey, ModelRole Role, bool OrdinalSuffixes = false);

    private static readonly ModelKey[] ModelKeys =
    [
        new("Model", "Model hash", ModelRole.Checkpoint),
        new("VAE", "VAE hash", ModelRole.Vae),
        new("Refiner", null, ModelRole.Refiner),
        new("Hires checkpoint", null, ModelRole.Checkpoint),
        new("Hires upscaler", null, ModelRole.Upscaler),
        new("Hypernet", "Hypernet hash", ModelRole.Hypernetwork),
        new("ADetailer model", null, ModelRole.Detector, OrdinalSuffixes: true),
    ];

    /// <summary>"name: hash, name: hash" lists.</summary>
    private static readonly (string Key, ModelRole Role, HashKind TwelveHex)[] HashLists =
    [
        ("Lora hashes", ModelRole.Lora, HashKind.Addnet),
        ("TI hashes", ModelRole.Embedding, HashKind.Sha256Prefix12),
    ];

    /// <summary>Prefixes of the Civitai extension's <c>Hashes: {json}</c> keys ("model" and "vae" are whole keys).</summary>
    private static readonly (string Prefix, ModelRole Role, HashKind TwelveHex)[] CivitaiHashKeys =
    [
        ("model", ModelRole.Checkpoint, HashKind.Unknown),
        ("vae", ModelRole.Vae, HashKind.Unknown),
        ("lora:", ModelRole.Lora, HashKind.Addnet),
        ("lyco:", ModelRole.Lora, HashKind.Addnet),
        ("embed:", ModelRole.Embedding, HashKind.Sha256Prefix12),
        ("hypernet:", ModelRole.Hypernetwork, HashKind.Unknown),
    ];

    /// <summary>Extra-network tags in the prompt: <c>&lt;lora:name:weight&gt;</c>.</summary>
    private static readonly (string Tag, ModelRole Role)[] PromptNetworks =
    [
        ("lora", ModelRole.Lora),
        ("lyco", ModelRole.Lora),
        ("hypernet", ModelRole.Hypernetwork),
    ];

    /// <summary>Civitai resource types.</summary>
    private static readonly Dictionary<string, ModelRole> CivitaiTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["checkpoint"] = ModelRole.Checkpoint,
        ["lora"] = ModelRole.Lora,
        ["locon"] = ModelRole.Lora,
        ["lycoris"] = ModelRole.Lora,
        ["dora"] = ModelRole.Lora,
        ["embed"] = ModelRole.Embedding,
        ["textualinversion"] = ModelRole.Embedding,
        ["vae"] = ModelRole.Vae,
        ["hypernet"] = ModelRole.Hypernetwork,
        ["hypernetwork"] = ModelRole.Hypernetwork,
        ["controlnet"] = ModelRole.ControlNet,
        ["upscaler"] = ModelRole.Upscaler,
    };

    /// <summary>Keys webui writes only when a mask was painted (img2img inpaint).</summary>
    private static readonly string[] InpaintKeys = ["Mask blur", "Inpaint area", "Masked content", "Only masked padding, pixels", "Inpaint padding", "Mask mode", "Mask content"];

    /// <summary>Keys that say an init image was used even without a denoising strength.</summary>
    private static readonly string[] InitImageKeys = ["Init image hash"];

    /// <summary>Legacy ControlNet fields (<c>ControlNet Module</c>, <c>ControlNet-0 Model</c> …) that carry the unit's identity.</summary>
    private const string LegacyControlNetPrefix = "ControlNet";

    /// <summary>Which tool wrote the infotext; first matching rule wins.</summary>
    private sealed record ToolRule(string Tool, Confidence Confidence, string Key, Func<string, bool> Matches);

    private static readonly ToolRule[] ToolRules =
    [
        new("SD.Next", Confidence.Certain, "App", v => v.Trim() == "SD.Next"),
        new("Civitai", Confidence.High, "Civitai resources", _ => true),
        new("Civitai", Confidence.High, "Created Date", _ => true),
        new("Civitai", Confidence.High, "Civitai metadata", _ => true),
        new("Fooocus", Confidence.Certain, "Version", v => v.StartsWith("Fooocus", StringComparison.OrdinalIgnoreCase)),
        new("reForge", Confidence.Certain, "Version", v => v.StartsWith("f1.0.0v2", StringComparison.Ordinal) || v.Contains("reforge", StringComparison.OrdinalIgnoreCase)),
        new("Forge", Confidence.Certain, "Version", v => v.Length > 1 && v[0] == 'f' && char.IsAsciiDigit(v[1])),
        new("Forge Classic", Confidence.Certain, "Version", v => v.StartsWith("classic", StringComparison.OrdinalIgnoreCase)),
        new("Forge Neo", Confidence.Certain, "Version", v => v.StartsWith("neo", StringComparison.OrdinalIgnoreCase)),
        new("AUTOMATIC1111", Confidence.High, "Version", v => v.Length > 1 && v[0] == 'v' && char.IsAsciiDigit(v[1])),
        new("SD.Next", Confidence.High, "Version", v => v.Length == 7 && ModelHashText.IsHex(v)),
    ];

    private const string CompatibleTool = "AUTOMATIC1111-compatible";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var reports = new List<GeneratorReport>();
        var seen = new Dictionary<string, GeneratorReport>(StringComparer.Ordinal);
        foreach (var field in FieldLocation.FindAll(context, Locations).ToList())
        {
            if (GeneratorJson.LooksLikeJson(field.Value)) continue;
            var normalized = field.Value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            if (seen.TryGetValue(normalized, out var same))
            {
                // A second copy of the same text (e.g. Forge's stealth copy beside the iTXt chunk) is the same report.
                context.Claim(field);
                same.Evidence.Add(field.Evidence);
                continue;
            }
            var infotext = A1111Infotext.Parse(field.Value);
            if (!infotext.HasParameters) continue;
            context.Claim(field);
            var report = Build(field, infotext);
            seen[normalized] = report;
            reports.Add(report);
        }
        return reports;
    }

    /// <summary>Builds the report for one infotext value.</summary>
    public static GeneratorReport Build(MetadataField field, A1111Infotext infotext)
    {
        var evidence = field.Evidence;
        var line = evidence.AtLine(infotext.ParameterLine ?? 1);
        var entries = infotext.Entries;
        var consumed = new bool[entries.Count];
        var (tool, confidence, toolKey) = IdentifyTool(infotext);
        var report = new GeneratorReport { Tool = tool, Parser = "a1111", Confidence = confidence, Version = infotext["Version"] };
        report.Evidence.Add(toolKey is null ? line : line.Sub(toolKey));

        var p = report.Parameters;
        if (infotext.Prompt.Length > 0) p.Prompt = infotext.Prompt;
        if (infotext.NegativePromptLine is not null || infotext.NegativePrompt.Length > 0) p.NegativePrompt = infotext.NegativePrompt;

        for (var i = 0; i < entries.Count; i++)
        {
            if (Slots.TryGetValue(entries[i].Key, out var slot) && ParameterSlots.TryAssign(p, slot, entries[i].Value)) consumed[i] = true;
        }

        var roster = new ModelRoster(report.Models);
        ReadModelKeys(entries, consumed, roster, line);
        ReadHashLists(entries, consumed, roster, line);
        ReadCivitaiHashes(entries, consumed, roster, line, report);
        ReadPromptNetworks(infotext, roster, evidence);
        ReadCivitaiResources(entries, consumed, roster, line);
        ReadControlNets(entries, consumed, roster, line, report);
        ReadLegacyControlNets(entries, consumed, roster, line, report);
        ReadInitImage(entries, consumed, line, report);
        NoteComfyStyle(report, line);

        for (var i = 0; i < entries.Count; i++)
        {
            if (consumed[i]) continue;
            if (entries[i].Key == "Civitai metadata" && entries[i].Value.Trim() == "{}") continue;
            p.Other.Add(new(entries[i].Key, entries[i].Value));
        }

        if (infotext.UnparsedText is { } tail)
        {
            report.Findings.Add(new Finding(FindingSeverity.Warning, "a1111-unparsed-tail",
                $"Part of the parameter line is not in \"Key: value\" form and was not read: \"{Shorten(tail)}\".", line));
        }
        return report;
    }

    private static (string Tool, Confidence Confidence, string? Key) IdentifyTool(A1111Infotext infotext)
    {
        foreach (var rule in ToolRules)
        {
            var value = infotext[rule.Key];
            if (value is not null && rule.Matches(value.Trim())) return (rule.Tool, rule.Confidence, rule.Key);
        }
        return (CompatibleTool, Confidence.Medium, infotext["Version"] is null ? null : "Version");
    }

    private static void ReadModelKeys(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line)
    {
        foreach (var key in ModelKeys)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var suffix = MatchKey(entries[i].Key, key.NameKey, key.OrdinalSuffixes);
                if (suffix is null) continue;
                var value = entries[i].Value.Trim();
                consumed[i] = true;
                if (value.Length == 0 || value.Equals("None", StringComparison.OrdinalIgnoreCase)) continue;
                var (name, inlineHash) = SplitInlineHash(value);
                var model = roster.Get(key.Role, name, line.Sub(entries[i].Key));
                if (inlineHash is not null) ModelRoster.AddHash(model, inlineHash, line.Sub(entries[i].Key));
                var hashIndex = key.HashKey is null ? -1 : IndexOf(entries, key.HashKey + suffix);
                if (hashIndex >= 0)
                {
                    consumed[hashIndex] = true;
                    ModelRoster.AddHash(model, entries[hashIndex].Value, line.Sub(entries[hashIndex].Key));
                }
            }
            if (key.HashKey is null) continue;
            // A hash without its name (early A1111 wrote only "Model hash").
            var lone = IndexOf(entries, key.HashKey);
            if (lone >= 0 && !consumed[lone])
            {
                consumed[lone] = true;
                var model = roster.Get(key.Role, "(unnamed)", line.Sub(key.HashKey));
                ModelRoster.AddHash(model, entries[lone].Value, line.Sub(key.HashKey));
            }
        }
    }

    private static void ReadHashLists(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line)
    {
        foreach (var (key, role, twelve) in HashLists)
        {
            var i = IndexOf(entries, key);
            if (i < 0) continue;
            consumed[i] = true;
            foreach (var item in entries[i].Value.Split(','))
            {
                var colon = item.LastIndexOf(':');
                if (colon <= 0) continue;
                var name = item[..colon].Trim();
                var hash = item[(colon + 1)..].Trim();
                if (name.Length == 0) continue;
                var model = roster.Get(role, name, line.Sub(key));
                ModelRoster.AddHash(model, hash, line.Sub(key), twelve);
            }
        }
    }

    private static void ReadCivitaiHashes(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line, GeneratorReport report)
    {
        var i = IndexOf(entries, "Hashes");
        if (i < 0) return;
        if (GeneratorJson.TryParseObject(entries[i].Value) is not { } hashes) return;
        consumed[i] = true;
        var ev = line.Sub("Hashes");
        foreach (var property in hashes.EnumerateObject())
        {
            var hash = GeneratorJson.ToText(property.Value);
            if (hash is null) continue;
            var matched = false;
            foreach (var (prefix, role, twelve) in CivitaiHashKeys)
            {
                var whole = !prefix.EndsWith(':');
                if (whole ? property.Name != prefix : !property.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var name = whole ? ExistingName(report, role) : property.Name[prefix.Length..];
                ModelRoster.AddHash(roster.Get(role, name, ev.Sub(property.Name)), hash, ev.Sub(property.Name), twelve);
                matched = true;
                break;
            }
            if (!matched) report.Parameters.Other.Add(new($"Hashes {property.Name}", hash));
        }
    }

    private static string ExistingName(GeneratorReport report, ModelRole role)
    {
        foreach (var m in report.Models) if (m.Role == role) return m.Name;
        return "(unnamed)";
    }

    private static void ReadPromptNetworks(A1111Infotext infotext, ModelRoster roster, Evidence evidence)
    {
        var prompt = infotext.Prompt;
        var pos = 0;
        while (pos < prompt.Length)
        {
            var open = prompt.IndexOf('<', pos);
            if (open < 0) break;
            var close = prompt.IndexOf('>', open + 1);
            if (close < 0) break;
            pos = open + 1;
            var parts = prompt[(open + 1)..close].Split(':');
            if (parts.Length < 2) continue;
            foreach (var (tag, role) in PromptNetworks)
            {
                if (!parts[0].Trim().Equals(tag, StringComparison.OrdinalIgnoreCase) || parts[1].Trim().Length == 0) continue;
                var model = roster.Get(role, parts[1], evidence.AtLine(infotext.PromptLine + prompt.AsSpan(0, open).Count('\n')).Sub($"<{tag}:…>"));
                if (parts.Length > 2 && ParameterValue.TryParseDouble(parts[2], out var weight)) model.Weight = weight;
                else model.Weight ??= 1.0;
                pos = close + 1;
                break;
            }
        }
    }

    private static void ReadCivitaiResources(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line)
    {
        var i = IndexOf(entries, "Civitai resources");
        if (i < 0) return;
        if (GeneratorJson.TryParse(entries[i].Value) is not { ValueKind: JsonValueKind.Array } resources) return;
        consumed[i] = true;
        var index = 0;
        foreach (var item in resources.EnumerateArray())
        {
            var ev = line.Sub($"Civitai resources[{index}]");
            index++;
            if (item.ValueKind != JsonValueKind.Object) continue;
            var type = GeneratorJson.Property(item, "type") ?? "";
            var role = CivitaiTypes.GetValueOrDefault(type, ModelRole.Other);
            var name = GeneratorJson.Property(item, "modelName");
            var version = GeneratorJson.Property(item, "modelVersionName");
            var id = GeneratorJson.Property(item, "modelVersionId");
            var display = (name, version) switch
            {
                ({ } n, { } v) when !string.Equals(n, v, StringComparison.Ordinal) => $"{n} {v}",
                ({ } n, _) => n,
                (null, { } v) => v,
                _ => id is null ? "(unnamed)" : $"civitai model version {id}",
            };
            if (id is not null) ev = ev.Sub($"modelVersionId {id}");
            var model = roster.Get(role, display, ev);
            if (item.Double("weight") is { } weight) model.Weight = weight;
            if (GeneratorJson.Property(item, "hash") is { } hash) ModelRoster.AddHash(model, hash, ev);
        }
    }

    private static void ReadControlNets(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line, GeneratorReport report)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var key = entries[i].Key;
            if (!key.StartsWith("ControlNet ", StringComparison.Ordinal) || !int.TryParse(key.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            consumed[i] = true;
            var sub = new List<InfotextEntry>();
            A1111Infotext.ScanParameters(entries[i].Value, sub);
            var unit = sub.Select(e => new KeyValuePair<string, string>(e.Key, e.Value.Trim())).ToList();
            AddControl(unit, roster, line.Sub(key), report, "Module", "Model", "Weight");
        }
    }

    private static void ReadLegacyControlNets(IReadOnlyList<InfotextEntry> entries, bool[] consumed, ModelRoster roster, Evidence line, GeneratorReport report)
    {
        // "ControlNet Enabled: True, ControlNet Module: canny, ControlNet Model: name(hash)" and "ControlNet-0 Module" per unit.
        var units = new SortedDictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var key = entries[i].Key;
            if (!key.StartsWith(LegacyControlNetPrefix, StringComparison.Ordinal)) continue;
            var rest = key[LegacyControlNetPrefix.Length..];
            var unitId = "";
            if (rest.StartsWith('-'))
            {
                var space = rest.IndexOf(' ');
                if (space < 2 || !int.TryParse(rest.AsSpan(1, space - 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
                unitId = rest[1..space];
                rest = rest[space..];
            }
            if (!rest.StartsWith(' ') || rest.Length < 2 || char.IsAsciiDigit(rest[1])) continue;
            consumed[i] = true;
            if (!units.TryGetValue(unitId, out var unit)) units[unitId] = unit = [];
            unit.Add(new(rest.Trim(), entries[i].Value.Trim()));
        }
        foreach (var (unitId, unit) in units)
        {
            var enabled = unit.FirstOrDefault(kv => kv.Key == "Enabled").Value;
            if (enabled is not null && enabled.Equals("False", StringComparison.OrdinalIgnoreCase)) continue;
            var key = unitId.Length == 0 ? "ControlNet" : $"ControlNet-{unitId}";
            AddControl(unit, roster, line.Sub(key), report, "Module", "Model", "Weight");
        }
    }

    private static void AddControl(List<KeyValuePair<string, string>> unit, ModelRoster roster, Evidence ev, GeneratorReport report,
        string moduleKey, string modelKey, string weightKey)
    {
        string? module = null, model = null;
        double? weight = null;
        var weightWritten = false;
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in unit)
        {
            if (k == moduleKey) module = v;
            else if (k == modelKey) model = v;
            else if (k == weightKey || k == "Strength")
            {
                weightWritten = true;
                if (ParameterValue.TryParseDouble(v, out var w)) weight = w;
                else settings.Add(new(k, v));
            }
            else if (k != "Enabled") settings.Add(new(k, v));
        }
        var noModel = model is null || model.Length == 0 || model.Equals("None", StringComparison.OrdinalIgnoreCase);
        var hint = model is not null && model.Contains("t2iadapter", StringComparison.OrdinalIgnoreCase) ? ControlKind.T2IAdapter : ControlKind.ControlNet;
        var cls = ControlRiskTable.Classify(module, noModel ? null : model, hint);
        var control = new ControlInput { Kind = cls.Kind, Evidence = ev, Module = module, Model = noModel ? null : model, Weight = weight };
        control.Settings.AddRange(settings);
        cls.ApplyTo(control);
        report.Controls.Add(control);
        if (!noModel)
        {
            var (name, hash) = SplitInlineHash(model!);
            var reference = roster.Get(ModelRole.ControlNet, name, ev);
            if (hash is not null) ModelRoster.AddHash(reference, hash, ev);
        }
        else if (weightWritten)
        {
            report.Findings.Add(new Finding(FindingSeverity.Warning, "controlnet-strength-without-model",
                "A ControlNet weight is recorded but no ControlNet model: the unit may have been inactive, or its model name was lost.", ev));
        }
    }

    private static void ReadInitImage(IReadOnlyList<InfotextEntry> entries, bool[] consumed, Evidence line, GeneratorReport report)
    {
        var denoise = IndexOf(entries, "Denoising strength");
        var hires = entries.Any(e => e.Key.StartsWith("Hires", StringComparison.Ordinal));
        var initKeys = InitImageKeys.Select(k => IndexOf(entries, k)).Where(i => i >= 0).ToList();
        var inpaint = InpaintKeys.Select(k => IndexOf(entries, k)).Where(i => i >= 0).ToList();
        var fromDenoise = denoise >= 0 && !hires;
        if (!fromDenoise && initKeys.Count == 0 && inpaint.Count == 0) return;

        var kind = inpaint.Count > 0 ? ControlKind.Inpaint : ControlKind.Img2Img;
        var ev = line.Sub(inpaint.Count > 0 ? entries[inpaint[0]].Key : fromDenoise ? "Denoising strength" : entries[initKeys[0]].Key);
        var input = new ControlInput { Kind = kind, Evidence = ev };
        if (denoise >= 0)
        {
            input.Settings.Add(new(entries[denoise].Key, entries[denoise].Value.Trim()));
            if (ParameterValue.TryParseDouble(entries[denoise].Value, out var d)) input.Weight = d;
        }
        foreach (var i in initKeys.Concat(inpaint).Order())
        {
            consumed[i] = true;
            input.Settings.Add(new(entries[i].Key, entries[i].Value.Trim()));
        }
        ControlRiskTable.Classify(null, null, kind).ApplyTo(input);
        report.Controls.Add(input);
    }

    private static void NoteComfyStyle(GeneratorReport report, Evidence line)
    {
        if (report.Tool != CompatibleTool) return;
        var sampler = report.Parameters.Sampler;
        if (sampler is null || !sampler.Contains('_') || !sampler.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) return;
        report.Evidence.Add(line.Sub("Sampler"));
        report.Findings.Add(new Finding(FindingSeverity.Info, "a1111-comfyui-style-sampler",
            $"The sampler is written the ComfyUI way (\"{sampler}\"), not as webui names it: this infotext was likely written by a ComfyUI save node (e.g. SaveImageWithMetaData), not by a webui.",
            line.Sub("Sampler")));
    }

    private static string? MatchKey(string key, string nameKey, bool ordinalSuffixes)
    {
        if (key == nameKey) return "";
        if (!ordinalSuffixes || !key.StartsWith(nameKey + " ", StringComparison.Ordinal)) return null;
        var suffix = key.AsSpan(nameKey.Length + 1);
        var digits = 0;
        while (digits < suffix.Length && char.IsAsciiDigit(suffix[digits])) digits++;
        var ordinal = suffix[digits..];
        return digits > 0 && ordinal is "st" or "nd" or "rd" or "th" ? key[nameKey.Length..] : null;
    }

    /// <summary>"name [abcdef12]" or "name(abcdef12)" → (name, hash); otherwise (value, null).</summary>
    private static (string Name, string? Hash) SplitInlineHash(string value)
    {
        var v = value.Trim();
        foreach (var (open, close) in new[] { ('[', ']'), ('(', ')') })
        {
            if (v.Length < 3 || v[^1] != close) continue;
            var start = v.LastIndexOf(open);
            if (start <= 0) continue;
            var hash = v[(start + 1)..^1].Trim();
            if (hash.Length >= 8 && ModelHashText.IsHex(hash)) return (v[..start].Trim(), hash);
        }
        return (v, null);
    }

    private static int IndexOf(IReadOnlyList<InfotextEntry> entries, string key)
    {
        for (var i = 0; i < entries.Count; i++) if (entries[i].Key == key) return i;
        return -1;
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "…";
}
