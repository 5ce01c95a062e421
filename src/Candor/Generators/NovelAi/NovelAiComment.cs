using System.Globalization;
using System.Text.Json;
using Candor.Provenance;

namespace Candor.Generators.NovelAi;

/// <summary>
/// Reads NovelAI's "Comment" JSON: the request it ran, written by Python's json.dumps as one flat
/// object with a few nested ones. Known keys map through the tables below; every key that lands
/// in no typed slot and no control input goes to <see cref="GenerationParameters.Other"/> in the
/// order written. Malformed JSON becomes a finding, never an exception.
/// <code>
/// { "prompt": str, "uc": str, "steps": int, "scale": float, "seed": int, "sampler": str,
///   "noise_schedule": str, "width": int, "height": int,
///   "request_type": "PromptGenerateRequest" | "Img2ImgRequest" | "NativeInfillingRequest",
///   "strength": float, "noise": float,                       (img2img / inpaint)
///   "controlnet_model": str | null, "controlnet_strength": float,
///   "reference_information_extracted_multiple": [float], "reference_strength_multiple": [float],
///   "reference_information_extracted": float, "reference_strength": float,   (legacy vibe)
///   "director_reference_descriptions": [{caption:{base_caption}}] | null,
///   "director_reference_strengths": [float] | null, ... ,
///   "v4_prompt" / "v4_negative_prompt": { "caption": { "base_caption": str,
///       "char_captions": [ { "char_caption": str, "centers": [ {"x": float, "y": float} ] } ] },
///     "use_coords": bool, "use_order": bool, "legacy_uc": bool },
///   "signed_hash": base64 (Ed25519; checked by the signature parser), ... }
/// </code>
/// </summary>
internal static class NovelAiComment
{
    /// <summary>Longest value copied into Other; longer ones (base64 images) are summarised.</summary>
    private const int MaxOtherValueChars = 16 * 1024;

    /// <summary>Most control inputs or character captions read from one array.</summary>
    private const int MaxListItems = 64;

    private delegate bool TypedSlot(GenerationParameters parameters, JsonElement value);

    private static readonly Dictionary<string, TypedSlot> TypedSlots = new(StringComparer.Ordinal)
    {
        ["prompt"] = (p, v) => Assign(Text(v), x => p.Prompt = x),
        ["uc"] = (p, v) => Assign(Text(v), x => p.NegativePrompt = x),
        ["steps"] = (p, v) => Assign(Int(v), x => p.Steps = x),
        ["scale"] = (p, v) => Assign(Real(v), x => p.CfgScale = x),
        ["seed"] = (p, v) => Assign(Seed(v), x => p.Seed = x),
        ["sampler"] = (p, v) => Assign(Text(v), x => p.Sampler = x),
        ["noise_schedule"] = (p, v) => Assign(Text(v), x => p.Scheduler = x),
        ["width"] = (p, v) => Assign(Int(v), x => p.Width = x),
        ["height"] = (p, v) => Assign(Int(v), x => p.Height = x),
    };

    /// <summary>Request types that start from an input image.</summary>
    private static readonly Dictionary<string, ControlKind> ImageRequests = new(StringComparer.Ordinal)
    {
        ["Img2ImgRequest"] = ControlKind.Img2Img,
        ["NativeInfillingRequest"] = ControlKind.Inpaint,
    };

    /// <summary>NovelAI's ControlNet names that do not say what they extract, with the common name the risk table knows.</summary>
    private static readonly Dictionary<string, string> ControlNetModules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["midas"] = "depth",
        ["uniformer"] = "seg",
        ["fake_scribble"] = "scribble",
    };

    /// <summary>Keys written into Other by a special writer, keeping their place in the order.</summary>
    private static readonly Dictionary<string, Action<Reading, JsonElement>> OtherWriters = new(StringComparer.Ordinal)
    {
        ["v4_prompt"] = (r, v) => WriteV4Prompt(r, v, "v4_prompt", "prompt", negative: false),
        ["v4_negative_prompt"] = (r, v) => WriteV4Prompt(r, v, "v4_negative_prompt", "uc", negative: true),
    };

    /// <summary>Vibe Transfer arrays (one entry per reference image) and the setting each adds.</summary>
    private const string VibeStrengths = "reference_strength_multiple", VibeInformation = "reference_information_extracted_multiple",
        VibeImages = "reference_image_multiple", LegacyVibeStrength = "reference_strength",
        LegacyVibeInformation = "reference_information_extracted", LegacyVibeImage = "reference_image";

    /// <summary>Director reference arrays (character / style reference, V4.5): key → setting name ("" = weight, null = not shown).</summary>
    private static readonly (string Key, string? Setting)[] DirectorArrays =
    [
        ("director_reference_strengths", ""),
        ("director_reference_information_extracted", "information extracted"),
        ("director_reference_secondary_strengths", "secondary strength"),
        ("director_reference_descriptions", null),
        ("director_reference_images", null),
    ];

    private sealed class Reading(GeneratorReport report, JsonElement root, Evidence evidence)
    {
        public GeneratorReport Report { get; } = report;
        public JsonElement Root { get; } = root;
        public Evidence Evidence { get; } = evidence;
        public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);
        public GenerationParameters Parameters => Report.Parameters;
    }

    /// <summary>Reads <paramref name="text"/> into <paramref name="report"/>; problems become findings on it.</summary>
    public static void Read(string text, Evidence evidence, GeneratorReport report)
    {
        if (text.Length > NovelAiTextCopy.MaxJsonChars)
        {
            report.Findings.Add(new Finding(FindingSeverity.Error, "novelai-comment-too-large",
                $"The NovelAI Comment is {text.Length} characters long, over the {NovelAiTextCopy.MaxJsonChars} read; it was skipped.", evidence));
            return;
        }
        JsonDocument doc;
        try
        {
            doc = NovelAiTextCopy.ParseJson(text);
        }
        catch (JsonException e)
        {
            report.Findings.Add(new Finding(FindingSeverity.Error, "novelai-comment-malformed",
                $"The NovelAI Comment is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); its generation settings could not be read.", evidence));
            return;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                report.Findings.Add(new Finding(FindingSeverity.Error, "novelai-comment-not-object",
                    $"The NovelAI Comment is JSON but a {doc.RootElement.ValueKind}, not an object of settings.", evidence));
                return;
            }
            var r = new Reading(report, doc.RootElement, evidence);
            try
            {
                ReadImageInput(r);
                ReadControlNet(r);
                ReadVibeTransfer(r);
                ReadDirectorReferences(r);
                WriteInOrder(r);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json accepts escaped lone surrogates ("\ud800") but cannot turn them into a string.
                report.Findings.Add(new Finding(FindingSeverity.Error, "novelai-comment-malformed",
                    "The NovelAI Comment holds text that is not valid Unicode; its settings were read only in part.", evidence));
            }
        }
    }

    private static void WriteInOrder(Reading r)
    {
        foreach (var p in r.Root.EnumerateObject())
        {
            if (r.Consumed.Contains(p.Name)) continue;
            if (TypedSlots.TryGetValue(p.Name, out var slot) && slot(r.Parameters, p.Value)) continue;
            if (OtherWriters.TryGetValue(p.Name, out var writer)) writer(r, p.Value);
            else r.Parameters.Other.Add(new(p.Name, OtherText(p.Value)));
        }
    }

    // img2img and inpainting: the request type says so, or the request carried the image itself.
    private static void ReadImageInput(Reading r)
    {
        ControlKind? kind = null;
        if (Property(r.Root, "request_type") is { } rt && Text(rt) is { } type && ImageRequests.TryGetValue(type, out var k)) kind = k;
        var hasImage = Property(r.Root, "image") is { ValueKind: JsonValueKind.String } image && image.GetString()!.Length > 0;
        if (kind is null && !hasImage) return;
        var input = new ControlInput { Kind = kind ?? ControlKind.Img2Img, Evidence = r.Evidence.Sub(kind is null ? "image" : "request_type") };
        ControlRiskTable.Classify(null, null, input.Kind).ApplyTo(input);
        if (Property(r.Root, "strength") is { } s && Real(s) is { } strength)
        {
            input.Weight = strength;
            r.Parameters.Denoise = strength;
            r.Consumed.Add("strength");
        }
        if (Property(r.Root, "noise") is { } n && Real(n) is { } noise)
        {
            input.Settings.Add(new("noise", noise.ToString(CultureInfo.InvariantCulture)));
            r.Consumed.Add("noise");
        }
        if (hasImage)
        {
            input.Settings.Add(new("image", "embedded in the request"));
            r.Consumed.Add("image");
        }
        r.Report.Controls.Add(input);
    }

    private const double DefaultControlNetStrength = 1.0;

    private static void ReadControlNet(Reading r)
    {
        var model = Property(r.Root, "controlnet_model") is { } m ? Text(m) : null;
        var strength = Property(r.Root, "controlnet_strength") is { } s ? Real(s) : null;
        if (string.IsNullOrEmpty(model))
        {
            // NovelAI writes its default strength (1.0) into every Comment; only a changed value says the
            // feature was touched and then left without a model.
            if (strength is not null && strength != DefaultControlNetStrength)
                r.Report.Findings.Add(new Finding(FindingSeverity.Info, "controlnet-strength-without-model",
                    "controlnet_strength is set but no controlnet_model: NovelAI keeps the strength after the feature is turned off, so no ControlNet input is implied.",
                    r.Evidence.Sub("controlnet_strength")));
            return;
        }
        var input = new ControlInput { Kind = ControlKind.ControlNet, Module = model, Model = model, Weight = strength, Evidence = r.Evidence.Sub("controlnet_model") };
        ControlRiskTable.Classify(ControlNetModules.GetValueOrDefault(model, model), model, ControlKind.ControlNet).ApplyTo(input);
        r.Report.Controls.Add(input);
        r.Consumed.Add("controlnet_model");
        if (strength is not null) r.Consumed.Add("controlnet_strength");
    }

    private static void ReadVibeTransfer(Reading r)
    {
        var strengths = ArrayOf(r.Root, VibeStrengths);
        var information = ArrayOf(r.Root, VibeInformation);
        var count = Math.Min(MaxListItems, Math.Max(Length(strengths), Length(information)));
        if (count > 0)
        {
            for (var i = 0; i < count; i++)
            {
                var key = Length(strengths) > i ? VibeStrengths : VibeInformation;
                var input = new ControlInput { Kind = ControlKind.VibeTransfer, Weight = Real(At(strengths, i)), Evidence = r.Evidence.Sub($"{key}[{i}]") };
                if (Real(At(information, i)) is { } info) input.Settings.Add(new("information extracted", Format(info)));
                ControlRiskTable.Classify(null, null, ControlKind.VibeTransfer).ApplyTo(input);
                r.Report.Controls.Add(input);
            }
            r.Consumed.UnionWith([VibeStrengths, VibeInformation, VibeImages]);
            return;
        }
        // Before V4, one reference image: reference_strength; 0 or absent means Vibe Transfer was off.
        var legacy = Property(r.Root, LegacyVibeStrength) is { } ls ? Real(ls) : null;
        if (legacy is null or 0) return;
        var single = new ControlInput { Kind = ControlKind.VibeTransfer, Weight = legacy, Evidence = r.Evidence.Sub(LegacyVibeStrength) };
        if (Property(r.Root, LegacyVibeInformation) is { } li && Real(li) is { } legacyInfo)
            single.Settings.Add(new("information extracted", Format(legacyInfo)));
        ControlRiskTable.Classify(null, null, ControlKind.VibeTransfer).ApplyTo(single);
        r.Report.Controls.Add(single);
        r.Consumed.UnionWith([LegacyVibeStrength, LegacyVibeInformation, LegacyVibeImage]);
    }

    private static void ReadDirectorReferences(Reading r)
    {
        var arrays = DirectorArrays.Select(d => (d.Key, d.Setting, Values: ArrayOf(r.Root, d.Key))).ToList();
        var count = Math.Min(MaxListItems, arrays.Max(a => Length(a.Values)));
        if (count == 0) return;
        var descriptions = ArrayOf(r.Root, "director_reference_descriptions");
        for (var i = 0; i < count; i++)
        {
            var evidenceKey = arrays.First(a => Length(a.Values) > i).Key;
            var input = new ControlInput { Kind = ControlKind.Reference, Module = ReferenceType(At(descriptions, i)), Evidence = r.Evidence.Sub($"{evidenceKey}[{i}]") };
            foreach (var (_, setting, values) in arrays)
            {
                if (setting is null || Real(At(values, i)) is not { } value) continue;
                if (setting.Length == 0) input.Weight = value;
                else input.Settings.Add(new(setting, Format(value)));
            }
            ControlRiskTable.Classify(null, null, ControlKind.Reference).ApplyTo(input);
            r.Report.Controls.Add(input);
        }
        foreach (var (key, _, values) in arrays)
            if (values is not null) r.Consumed.Add(key);
    }

    // A description is {caption: {base_caption: "character&style" | "character" | "style", ...}}.
    private static string? ReferenceType(JsonElement? description)
    {
        if (description is not { ValueKind: JsonValueKind.Object } d) return null;
        if (Property(d, "caption") is { ValueKind: JsonValueKind.Object } caption && Property(caption, "base_caption") is { } bc) return Text(bc);
        return null;
    }

    private static void WriteV4Prompt(Reading r, JsonElement v4, string key, string flatKey, bool negative)
    {
        if (v4.ValueKind != JsonValueKind.Object)
        {
            r.Parameters.Other.Add(new(key, OtherText(v4)));
            return;
        }
        foreach (var p in v4.EnumerateObject())
        {
            if (p.Name != "caption" || p.Value.ValueKind != JsonValueKind.Object)
            {
                r.Parameters.Other.Add(new($"{key}.{p.Name}", OtherText(p.Value)));
                continue;
            }
            var caption = p.Value;
            if (Property(caption, "base_caption") is { } bc && Text(bc) is { } baseCaption)
            {
                var flat = Property(r.Root, flatKey) is { } f ? Text(f) : null;
                if (flat is null)
                {
                    if (negative) r.Parameters.NegativePrompt ??= baseCaption;
                    else r.Parameters.Prompt ??= baseCaption;
                }
                else if (flat != baseCaption) r.Parameters.Other.Add(new($"{key}.base_caption", baseCaption));
            }
            if (Property(caption, "char_captions") is { ValueKind: JsonValueKind.Array } chars)
            {
                var n = 0;
                foreach (var c in chars.EnumerateArray())
                {
                    if (++n > MaxListItems) break;
                    r.Parameters.Other.Add(new(negative ? $"Character {n} negative" : $"Character {n}", CharacterCaption(c)));
                }
            }
        }
    }

    // {"char_caption": "girl, red hair", "centers": [{"x": 0.3, "y": 0.5}]} → "girl, red hair (at 0.3, 0.5)"
    private static string CharacterCaption(JsonElement c)
    {
        if (c.ValueKind != JsonValueKind.Object) return OtherText(c);
        var text = Property(c, "char_caption") is { } t ? Text(t) ?? OtherText(t) : "";
        if (Property(c, "centers") is not { ValueKind: JsonValueKind.Array } centers) return text;
        var points = new List<string>();
        foreach (var pt in centers.EnumerateArray())
        {
            if (points.Count == MaxListItems) break;
            if (pt.ValueKind == JsonValueKind.Object && Property(pt, "x") is { } x && Real(x) is { } px && Property(pt, "y") is { } y && Real(y) is { } py)
                points.Add($"{Format(px)}, {Format(py)}");
        }
        return points.Count == 0 ? text : $"{text} (at {string.Join("; ", points)})";
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : null;

    private static JsonElement? ArrayOf(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.Array } a ? a : null;

    private static int Length(JsonElement? array) => array is { } a ? a.GetArrayLength() : 0;

    private static JsonElement? At(JsonElement? array, int i) => array is { } a && i < a.GetArrayLength() ? a[i] : null;

    private static string? Text(JsonElement? v) => v is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static double? Real(JsonElement? v) =>
        v is { ValueKind: JsonValueKind.Number } n && n.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static int? Int(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Number) return null;
        if (v.TryGetInt32(out var i)) return i;
        return v.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;
    }

    // Seeds are written as JSON numbers (up to 2^32); keep the digits exactly as written.
    private static string? Seed(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.String => v.GetString(),
        _ => null,
    };

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string OtherText(JsonElement v)
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        return text.Length <= MaxOtherValueChars ? text : $"({text.Length} characters, not shown)";
    }

    private static bool Assign(string? value, Action<string> set)
    {
        if (value is null) return false;
        set(value);
        return true;
    }

    private static bool Assign(int? value, Action<int> set)
    {
        if (value is not { } v) return false;
        set(v);
        return true;
    }

    private static bool Assign(double? value, Action<double> set)
    {
        if (value is not { } v) return false;
        set(v);
        return true;
    }
}
