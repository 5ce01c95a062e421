using System.Text.Json;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Generators.Stealth;

/// <summary>
/// Recovers the stealth copy hidden in pixel LSBs and adds it to <see cref="GeneratorContext.Derived"/> as fields
/// (group <see cref="FieldGroups.StealthAlpha"/> or <see cref="FieldGroups.StealthRgb"/>) for the generator parsers
/// that run after it. A JSON object (NovelAI) becomes one field per top-level key; anything else (A1111 infotext)
/// becomes one field named <c>parameters</c>. Each field is compared with the same-named text field of the file:
/// a match is claimed (so it is reported once) and noted as <c>stealth-copy-matches</c>; a difference is an
/// Inconsistency <c>stealth-copy-differs</c>; a copy with no text counterpart at all is noted as <c>stealth-only</c>.
/// It never returns a <see cref="GeneratorReport"/>.
/// </summary>
public sealed class StealthParser : IGeneratorParser
{
    private const string InfotextName = "parameters";

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <inheritdoc />
    public string Id => "stealth";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Look for the start of a magic in the first rows before paying for a full decode. A second, longer peek (the
        // whole magic) cost more on the files that do carry a copy (every peek decodes from the start again) than the
        // rare needless full decode it spared.
        var first = context.PeekRows(StealthReader.RowsForQuickCheck);
        if (first is null || !StealthReader.MightStartWithMagic(first)) return [];
        var pixels = context.Pixels;
        if (pixels is null) return [];

        var container = context.Format ?? "PNG";
        StealthPayload? payload;
        try
        {
            payload = StealthReader.Read(pixels);
        }
        catch (CandorFormatException e)
        {
            context.Findings.Add(new Finding(FindingSeverity.Error, "stealth-copy-unreadable",
                $"A stealth magic is present in the pixels but the copy cannot be read: {e.Message}",
                new Evidence($"{container} {(e.Block ?? "LSB stealth copy")}")));
            return [];
        }
        if (payload is null) return [];

        var group = payload.Mode == StealthMode.Alpha ? FieldGroups.StealthAlpha : FieldGroups.StealthRgb;
        var evidence = new Evidence($"{container} {(payload.Mode == StealthMode.Alpha ? "alpha" : "RGB")} LSB", payload.Magic);
        var note = payload.Compressed ? "gzip-compressed copy in pixel LSBs" : "plain UTF-8 copy in pixel LSBs";
        var derived = ToFields(payload.Text, group, evidence, note);
        context.Derived.AddRange(derived);
        Compare(context, derived, evidence);
        return [];
    }

    private static List<MetadataField> ToFields(string text, string group, Evidence evidence, string note)
    {
        var fields = new List<MetadataField>();
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text, JsonOptions);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                        fields.Add(new MetadataField(group, property.Name, value, evidence.Sub(property.Name)) { Note = note });
                    }
                    return fields;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: A1111 infotext may start with a brace in its prompt.
            }
        }
        fields.Add(new MetadataField(group, InfotextName, text, evidence) { Note = note });
        return fields;
    }

    private static void Compare(GeneratorContext context, List<MetadataField> derived, Evidence stealthEvidence)
    {
        var matched = new List<Evidence>();
        var matchedNames = new List<string>();
        var anyCounterpart = false;
        foreach (var field in derived)
        {
            var counterparts = context.Fields.Concat(context.Derived)
                .Where(f => !FieldGroups.IsStealth(f.Group) && string.Equals(f.Name, field.Name, StringComparison.Ordinal))
                .ToList();
            if (counterparts.Count == 0) continue;
            anyCounterpart = true;
            var same = counterparts.FirstOrDefault(f => f.Value.AsSpan().Trim().SequenceEqual(field.Value.AsSpan().Trim()));
            if (same is not null)
            {
                context.Claim(field);
                matched.Add(same.Evidence);
                matched.Add(field.Evidence);
                matchedNames.Add(field.Name);
                continue;
            }
            var other = counterparts[0];
            context.Findings.Add(new Finding(FindingSeverity.Inconsistency, "stealth-copy-differs",
                $"The copy of '{field.Name}' hidden in the pixels differs from the one in {other.Evidence.Block}: one of them was edited after generation.",
                [other.Evidence, field.Evidence]));
        }
        if (matched.Count > 0)
        {
            context.Findings.Add(new Finding(FindingSeverity.Info, "stealth-copy-matches",
                $"The pixels carry a hidden copy of {string.Join(", ", matchedNames.Select(n => $"'{n}'"))} identical to the text metadata.",
                matched));
        }
        if (!anyCounterpart)
        {
            context.Findings.Add(new Finding(FindingSeverity.Info, "stealth-only",
                "The generation metadata survives only in the pixels (stealth copy); the file has no text copy of it.",
                stealthEvidence));
        }
    }
}
