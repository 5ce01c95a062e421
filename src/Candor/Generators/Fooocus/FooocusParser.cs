using System.Text.Json;
using Candor.Generators.Common;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.Fooocus;

/// <summary>
/// Reads the JSON metadata of Fooocus (<c>parameters</c> + <c>fooocus_scheme</c> in PNG; EXIF UserComment with
/// Software "Fooocus v…" in JPEG/WebP; or "metadata_scheme": "fooocus" inside the JSON) and of RuinedFooocus
/// (flat JSON with "software": "RuinedFooocus"). Fooocus' optional A1111-style scheme is plain infotext and is
/// left to the A1111 parser, which names the tool from its "Version: Fooocus v…" key. The key names of each
/// dialect are in its table below.
/// </summary>
public sealed class FooocusParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "fooocus";

    private static readonly IReadOnlyList<FieldLocation> Locations = FieldLocation.ParametersText;

    private static readonly FieldLocation[] SchemeLocations =
    [
        new(FieldGroups.PngText, "fooocus_scheme"),
        new(FieldGroups.PngIText, "fooocus_scheme"),
    ];

    private static readonly FieldLocation[] SoftwareLocations = [new(FieldGroups.ExifIfd0, "Software"), new(FieldGroups.Xmp, "xmp:CreatorTool")];

    /// <summary>A model named by one key and hashed by another; values in <see cref="Unset"/> mean "not used".</summary>
    private sealed record ModelKey(string NameKey, string? HashKey, ModelRole Role);

    /// <summary>One tool's JSON keys.</summary>
    private sealed record Dialect(string Tool, string? VersionKey, Dictionary<string, ParameterSlot> Slots, ModelKey[] Models, string? LorasKey, string[] Ignored);

    private static readonly string[] Unset = ["None", "Default (model)", ""];

    private static readonly Dialect Fooocus = new(
        "Fooocus", "version",
        new(StringComparer.Ordinal)
        {
            ["prompt"] = ParameterSlot.Prompt,
            ["negative_prompt"] = ParameterSlot.NegativePrompt,
            ["seed"] = ParameterSlot.Seed,
            ["steps"] = ParameterSlot.Steps,
            ["sampler"] = ParameterSlot.Sampler,
            ["scheduler"] = ParameterSlot.Scheduler,
            ["guidance_scale"] = ParameterSlot.CfgScale,
            ["resolution"] = ParameterSlot.Size,
            ["clip_skip"] = ParameterSlot.ClipSkip,
            ["version"] = ParameterSlot.Version,
        },
        [
            new("base_model", "base_model_hash", ModelRole.Checkpoint),
            new("refiner_model", "refiner_model_hash", ModelRole.Refiner),
            new("vae", null, ModelRole.Vae),
        ],
        "loras",
        ["metadata_scheme"]);

    private static readonly Dialect Ruined = new(
        "RuinedFooocus", null,
        new(StringComparer.Ordinal)
        {
            ["Prompt"] = ParameterSlot.Prompt,
            ["Negative"] = ParameterSlot.NegativePrompt,
            ["seed"] = ParameterSlot.Seed,
            ["steps"] = ParameterSlot.Steps,
            ["cfg"] = ParameterSlot.CfgScale,
            ["width"] = ParameterSlot.Width,
            ["height"] = ParameterSlot.Height,
            ["sampler_name"] = ParameterSlot.Sampler,
            ["scheduler"] = ParameterSlot.Scheduler,
            ["clip_skip"] = ParameterSlot.ClipSkip,
            ["denoise"] = ParameterSlot.Denoise,
        },
        [
            new("base_model_name", "base_model_hash", ModelRole.Checkpoint),
            new("refiner_model_name", "refiner_model_hash", ModelRole.Refiner),
        ],
        "loras",
        ["software"]);

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        var reports = new List<GeneratorReport>();
        var scheme = FieldLocation.FindFirst(context, SchemeLocations);
        var software = FieldLocation.FindFirst(context, SoftwareLocations);
        var softwareSaysFooocus = software is not null && software.Value.TrimStart().StartsWith("Fooocus", StringComparison.OrdinalIgnoreCase);
        foreach (var field in FieldLocation.FindAll(context, Locations).ToList())
        {
            if (!GeneratorJson.LooksLikeJson(field.Value)) continue;
            if (GeneratorJson.TryParseObject(field.Value) is not { } root) continue;
            Dialect? dialect = null;
            var marks = new List<Evidence>();
            if (GeneratorJson.Property(root, "software") is { } sw && sw.Equals("RuinedFooocus", StringComparison.OrdinalIgnoreCase))
            {
                dialect = Ruined;
                marks.Add(field.Evidence.Sub("software"));
            }
            else if (GeneratorJson.Property(root, "metadata_scheme") is "fooocus" || (GeneratorJson.Property(root, "version") ?? "").StartsWith("Fooocus", StringComparison.Ordinal))
            {
                dialect = Fooocus;
                marks.Add(field.Evidence.Sub(root.TryGetProperty("metadata_scheme", out _) ? "metadata_scheme" : "version"));
            }
            else if (scheme is not null && scheme.Value.Trim() == "fooocus" && FieldGroups.IsPngText(field.Group))
            {
                dialect = Fooocus;
            }
            else if (softwareSaysFooocus && !FieldGroups.IsPngText(field.Group))
            {
                dialect = Fooocus;
            }
            if (dialect is null) continue;

            context.Claim(field);
            if (scheme is not null && dialect == Fooocus)
            {
                context.Claim(scheme);
                marks.Add(scheme.Evidence);
            }
            if (softwareSaysFooocus && dialect == Fooocus)
            {
                context.Claim(software!);
                marks.Add(software!.Evidence);
            }
            reports.Add(Build(root, field, dialect, marks));
        }
        return reports;
    }

    private static GeneratorReport Build(JsonElement root, MetadataField field, Dialect dialect, List<Evidence> marks)
    {
        var version = dialect.VersionKey is null ? null : GeneratorJson.Property(root, dialect.VersionKey);
        var report = new GeneratorReport { Tool = dialect.Tool, Parser = "fooocus", Version = version, Confidence = Confidence.Certain };
        report.Evidence.Add(field.Evidence);
        report.Evidence.AddRange(marks);
        var roster = new ModelRoster(report.Models);
        var modelKeys = dialect.Models.SelectMany(m => m.HashKey is null ? [m.NameKey] : new[] { m.NameKey, m.HashKey }).ToHashSet(StringComparer.Ordinal);

        foreach (var property in root.EnumerateObject())
        {
            if (modelKeys.Contains(property.Name) || property.Name == dialect.LorasKey || dialect.Ignored.Contains(property.Name)) continue;
            var text = GeneratorJson.ToText(property.Value);
            if (text is null) continue;
            if (dialect.Slots.TryGetValue(property.Name, out var slot) && ParameterSlots.TryAssign(report.Parameters, slot, text)) continue;
            report.Parameters.Other.Add(new(property.Name, text));
        }

        foreach (var key in dialect.Models)
        {
            var name = GeneratorJson.Property(root, key.NameKey);
            if (name is null || Unset.Contains(name.Trim())) continue;
            var model = roster.Get(key.Role, name, field.Evidence.Sub(key.NameKey));
            if (key.HashKey is not null && GeneratorJson.Property(root, key.HashKey) is { } hash)
                ModelRoster.AddHash(model, hash, field.Evidence.Sub(key.HashKey));
        }

        if (dialect.LorasKey is not null && root.TryGetProperty(dialect.LorasKey, out var loras))
            ReadLoras(loras, roster, field.Evidence.Sub(dialect.LorasKey));
        return report;
    }

    /// <summary>
    /// LoRA lists as the two tools write them: Fooocus <c>[[name, weight, hash]]</c>; RuinedFooocus
    /// <c>[[hash, "weight - name"]]</c> or the older string <c>"Loras:&lt;name:weight&gt;,…"</c>.
    /// </summary>
    private static void ReadLoras(JsonElement loras, ModelRoster roster, Evidence ev)
    {
        if (loras.ValueKind == JsonValueKind.String)
        {
            var text = loras.GetString() ?? "";
            foreach (var part in text.Split('<', StringSplitOptions.RemoveEmptyEntries))
            {
                var body = part.Split('>')[0];
                var colon = body.LastIndexOf(':');
                if (colon <= 0) continue;
                var name = body[..colon].Trim();
                if (name.Length == 0 || name == "None") continue;
                var model = roster.Get(ModelRole.Lora, name, ev);
                if (ParameterValue.TryParseDouble(body[(colon + 1)..], out var w)) model.Weight = w;
            }
            return;
        }
        if (loras.ValueKind != JsonValueKind.Array) return;
        foreach (var item in loras.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array) continue;
            var parts = item.EnumerateArray().ToList();
            if (parts.Count >= 2 && parts[0].ValueKind == JsonValueKind.String && parts[1].ValueKind == JsonValueKind.String
                && (parts[1].GetString() ?? "").Contains(" - ", StringComparison.Ordinal))
            {
                var weightAndName = parts[1].GetString()!;
                var dash = weightAndName.IndexOf(" - ", StringComparison.Ordinal);
                var model = roster.Get(ModelRole.Lora, weightAndName[(dash + 3)..], ev);
                if (ParameterValue.TryParseDouble(weightAndName[..dash], out var w)) model.Weight = w;
                ModelRoster.AddHash(model, parts[0].GetString() ?? "", ev);
                continue;
            }
            if (parts.Count == 0 || parts[0].ValueKind != JsonValueKind.String) continue;
            var loraName = parts[0].GetString() ?? "";
            if (Unset.Contains(loraName.Trim())) continue;
            var lora = roster.Get(ModelRole.Lora, loraName, ev);
            if (parts.Count > 1 && parts[1].AsDouble() is { } weight) lora.Weight = weight;
            if (parts.Count > 2 && parts[2].ValueKind == JsonValueKind.String) ModelRoster.AddHash(lora, parts[2].GetString() ?? "", ev);
        }
    }
}
