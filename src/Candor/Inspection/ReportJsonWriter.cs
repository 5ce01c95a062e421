using System.Text.Json;
using Candor.Formats;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>
/// Writes a <see cref="ProvenanceReport"/> member by member through <see cref="Utf8JsonWriter"/>, exactly as
/// <see cref="ReportJsonContext"/> (System.Text.Json's source-generated metadata) would: the same names, order, enum
/// strings, omitted nulls and escaping. Why by hand: the serializer's generic metadata is compiled at run time (ReadyToRun
/// cannot precompile System.Text.Json's generic instantiations across the framework's version bubble), about a thousand
/// methods and most of <c>candor inspect</c>'s start-up. Tests compare the two byte for byte on every corpus file and on
/// generated reports; a member added to the report types must be added here too.
/// </summary>
internal static class ReportJsonWriter
{
    public static void Write(Utf8JsonWriter w, ProvenanceReport r)
    {
        w.WriteStartObject();
        String(w, "schema"u8, r.Schema);
        String(w, "path"u8, r.Path);
        String(w, "format"u8, r.Format);
        String(w, "mimeType"u8, r.MimeType);
        w.WriteNumber("fileSize"u8, r.FileSize);
        Number(w, "width"u8, r.Width);
        Number(w, "height"u8, r.Height);
        if (r.Ai is { } ai)
        {
            w.WritePropertyName("ai"u8);
            w.WriteStartObject();
            Enum(w, "use"u8, (int)ai.Use, AiUseNames);
            String(w, "summary"u8, ai.Summary);
            EvidenceList(w, "evidence"u8, ai.Evidence);
            w.WriteEndObject();
        }
        if (r.Generators is { } generators)
        {
            w.WritePropertyName("generators"u8);
            w.WriteStartArray();
            foreach (var g in generators) Generator(w, g);
            w.WriteEndArray();
        }
        if (r.Software is { } software)
        {
            w.WritePropertyName("software"u8);
            w.WriteStartArray();
            foreach (var m in software)
            {
                if (m is null)
                {
                    w.WriteNullValue();
                    continue;
                }
                w.WriteStartObject();
                String(w, "name"u8, m.Name);
                Evidence(w, "evidence"u8, m.Evidence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (r.Disclosure is { } disclosure) Disclosure(w, disclosure);
        FindingList(w, "findings"u8, r.Findings);
        if (r.ModelChecks is { } checks)
        {
            w.WritePropertyName("modelChecks"u8);
            w.WriteStartArray();
            foreach (var c in checks) ModelCheck(w, c);
            w.WriteEndArray();
        }
        if (r.Raw is { } raw) Raw(w, raw);
        String(w, "error"u8, r.Error);
        if (r.ErrorKind is { } kind) Enum(w, "errorKind"u8, (int)kind, FormatErrorKindNames);
        w.WriteEndObject();
    }

    private static void Generator(Utf8JsonWriter w, GeneratorReport? g)
    {
        if (g is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        String(w, "tool"u8, g.Tool);
        String(w, "parser"u8, g.Parser);
        String(w, "version"u8, g.Version);
        Enum(w, "confidence"u8, (int)g.Confidence, ConfidenceNames);
        EvidenceList(w, "evidence"u8, g.Evidence);
        if (g.Parameters is { } p) Parameters(w, p);
        if (g.Models is { } models)
        {
            w.WritePropertyName("models"u8);
            w.WriteStartArray();
            foreach (var m in models) Model(w, m);
            w.WriteEndArray();
        }
        if (g.Controls is { } controls)
        {
            w.WritePropertyName("controls"u8);
            w.WriteStartArray();
            foreach (var c in controls) Control(w, c);
            w.WriteEndArray();
        }
        FindingList(w, "findings"u8, g.Findings);
        w.WriteEndObject();
    }

    private static void Parameters(Utf8JsonWriter w, GenerationParameters p)
    {
        w.WritePropertyName("parameters"u8);
        w.WriteStartObject();
        String(w, "prompt"u8, p.Prompt);
        String(w, "negativePrompt"u8, p.NegativePrompt);
        String(w, "seed"u8, p.Seed);
        Number(w, "steps"u8, p.Steps);
        String(w, "sampler"u8, p.Sampler);
        String(w, "scheduler"u8, p.Scheduler);
        Number(w, "cfgScale"u8, p.CfgScale);
        Number(w, "width"u8, p.Width);
        Number(w, "height"u8, p.Height);
        Number(w, "denoise"u8, p.Denoise);
        Number(w, "clipSkip"u8, p.ClipSkip);
        String(w, "version"u8, p.Version);
        Pairs(w, "other"u8, p.Other);
        w.WriteEndObject();
    }

    private static void Model(Utf8JsonWriter w, ModelReference? m)
    {
        if (m is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        Enum(w, "role"u8, (int)m.Role, ModelRoleNames);
        String(w, "name"u8, m.Name);
        Number(w, "weight"u8, m.Weight);
        if (m.Hashes is { } hashes)
        {
            w.WritePropertyName("hashes"u8);
            w.WriteStartArray();
            foreach (var h in hashes)
            {
                if (h is null)
                {
                    w.WriteNullValue();
                    continue;
                }
                w.WriteStartObject();
                Enum(w, "kind"u8, (int)h.Kind, HashKindNames);
                String(w, "value"u8, h.Value);
                Evidence(w, "evidence"u8, h.Evidence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Evidence(w, "evidence"u8, m.Evidence);
        w.WriteEndObject();
    }

    private static void Control(Utf8JsonWriter w, ControlInput? c)
    {
        if (c is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        Enum(w, "kind"u8, (int)c.Kind, ControlKindNames);
        String(w, "module"u8, c.Module);
        String(w, "model"u8, c.Model);
        Number(w, "weight"u8, c.Weight);
        Enum(w, "risk"u8, (int)c.Risk, ControlRiskNames);
        w.WriteBoolean("identity"u8, c.Identity);
        String(w, "riskReason"u8, c.RiskReason);
        Pairs(w, "settings"u8, c.Settings);
        Evidence(w, "evidence"u8, c.Evidence);
        w.WriteEndObject();
    }

    private static void Disclosure(Utf8JsonWriter w, Disclosure d)
    {
        w.WritePropertyName("disclosure"u8);
        w.WriteStartObject();
        if (d.DigitalSourceTypes is { } types)
        {
            w.WritePropertyName("digitalSourceTypes"u8);
            w.WriteStartArray();
            foreach (var t in types)
            {
                if (t is null)
                {
                    w.WriteNullValue();
                    continue;
                }
                w.WriteStartObject();
                String(w, "value"u8, t.Value);
                String(w, "code"u8, t.Code);
                String(w, "label"u8, t.Label);
                w.WriteBoolean("retired"u8, t.Retired);
                String(w, "aiRole"u8, t.AiRole);
                Evidence(w, "evidence"u8, t.Evidence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (d.Training is { } training)
        {
            w.WritePropertyName("training"u8);
            w.WriteStartArray();
            foreach (var t in training)
            {
                if (t is null)
                {
                    w.WriteNullValue();
                    continue;
                }
                w.WriteStartObject();
                String(w, "scheme"u8, t.Scheme);
                String(w, "value"u8, t.Value);
                String(w, "meaning"u8, t.Meaning);
                w.WriteBoolean("prohibitsAiTraining"u8, t.ProhibitsAiTraining);
                Evidence(w, "evidence"u8, t.Evidence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (d.C2pa is { } c)
        {
            w.WritePropertyName("c2pa"u8);
            w.WriteStartObject();
            String(w, "activeManifest"u8, c.ActiveManifest);
            w.WriteNumber("manifestCount"u8, c.ManifestCount);
            String(w, "claimGenerator"u8, c.ClaimGenerator);
            String(w, "signer"u8, c.Signer);
            String(w, "title"u8, c.Title);
            Strings(w, "actions"u8, c.Actions);
            Strings(w, "ingredients"u8, c.Ingredients);
            String(w, "validation"u8, c.Validation);
            Strings(w, "validationFailures"u8, c.ValidationFailures);
            Evidence(w, "evidence"u8, c.Evidence);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void ModelCheck(Utf8JsonWriter w, ModelCheck? c)
    {
        if (c is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        String(w, "model"u8, c.Model);
        Enum(w, "role"u8, (int)c.Role, ModelRoleNames);
        String(w, "claimedHash"u8, c.ClaimedHash);
        if (c.Kind is { } kind) Enum(w, "kind"u8, (int)kind, HashKindNames);
        Enum(w, "status"u8, (int)c.Status, ModelCheckStatusNames);
        String(w, "localFile"u8, c.LocalFile);
        String(w, "detail"u8, c.Detail);
        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, RawContents raw)
    {
        w.WritePropertyName("raw"u8);
        w.WriteStartObject();
        if (raw.Blocks is { } blocks)
        {
            w.WritePropertyName("blocks"u8);
            w.WriteStartArray();
            foreach (var b in blocks) Block(w, b);
            w.WriteEndArray();
        }
        if (raw.Fields is { } fields)
        {
            w.WritePropertyName("fields"u8);
            w.WriteStartArray();
            foreach (var f in fields) Field(w, f);
            w.WriteEndArray();
        }
        Strings(w, "problems"u8, raw.Problems);
        w.WriteEndObject();
    }

    private static void Block(Utf8JsonWriter w, ContainerBlock? b)
    {
        if (b is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        String(w, "type"u8, b.Type);
        w.WriteNumber("offset"u8, b.Offset);
        w.WriteNumber("length"u8, b.Length);
        w.WriteNumber("dataOffset"u8, b.DataOffset);
        w.WriteNumber("dataLength"u8, b.DataLength);
        String(w, "label"u8, b.Label);
        Strings(w, "problems"u8, b.Problems);
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, MetadataField? f)
    {
        if (f is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        String(w, "group"u8, f.Group);
        String(w, "name"u8, f.Name);
        String(w, "value"u8, f.Value);
        Evidence(w, "evidence"u8, f.Evidence);
        String(w, "note"u8, f.Note);
        w.WriteEndObject();
    }

    private static void FindingList(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<Finding>? findings)
    {
        if (findings is null) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var f in findings)
        {
            if (f is null)
            {
                w.WriteNullValue();
                continue;
            }
            w.WriteStartObject();
            Enum(w, "severity"u8, (int)f.Severity, FindingSeverityNames);
            String(w, "code"u8, f.Code);
            String(w, "message"u8, f.Message);
            EvidenceList(w, "evidence"u8, f.Evidence);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void EvidenceList(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<Evidence>? list)
    {
        if (list is null) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var e in list) EvidenceValue(w, e);
        w.WriteEndArray();
    }

    private static void Evidence(Utf8JsonWriter w, ReadOnlySpan<byte> name, Evidence? e)
    {
        if (e is null) return;
        w.WritePropertyName(name);
        EvidenceValue(w, e);
    }

    private static void EvidenceValue(Utf8JsonWriter w, Evidence? e)
    {
        if (e is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        String(w, "block"u8, e.Block);
        String(w, "key"u8, e.Key);
        Number(w, "line"u8, e.Line);
        Number(w, "offset"u8, e.Offset);
        w.WriteEndObject();
    }

    private static void Pairs(Utf8JsonWriter w, ReadOnlySpan<byte> name, List<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var (key, value) in pairs)
        {
            w.WriteStartObject();
            // System.Text.Json writes a pair's members under the naming policy, and a null key or value as null.
            NullableString(w, "key"u8, key);
            NullableString(w, "value"u8, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<string>? list)
    {
        if (list is null) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var s in list)
        {
            if (s is null) w.WriteNullValue();
            else w.WriteStringValue(s);
        }
        w.WriteEndArray();
    }

    // A member whose value is null is left out (JsonIgnoreCondition.WhenWritingNull).
    private static void String(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void NullableString(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter w, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    private static void Number(Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    private static void Number(Utf8JsonWriter w, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    // JsonStringEnumConverter writes a defined value by its name and any other value as its number.
    private static void Enum(Utf8JsonWriter w, ReadOnlySpan<byte> name, int value, string[] names)
    {
        if ((uint)value < (uint)names.Length) w.WriteString(name, names[value]);
        else w.WriteNumber(name, value);
    }

    // The names of each enum in the order of its values (0, 1, 2…), as the enums declare them; a test checks each
    // table against Enum.GetNames so that a new member cannot be missed.
    internal static readonly string[] AiUseNames = ["Generated", "Edited", "DeclaredNotAi", "NoAiSignal", "NoProvenance", "Unreadable"];
    internal static readonly string[] ConfidenceNames = ["Low", "Medium", "High", "Certain"];
    internal static readonly string[] ModelRoleNames = ["Checkpoint", "Refiner", "Vae", "Lora", "Embedding", "Hypernetwork", "ControlNet", "Adapter", "Upscaler", "Detector", "TextEncoder", "Other"];
    internal static readonly string[] HashKindNames = ["AutoV1", "AutoV2", "Addnet", "AutoV3", "Sha256", "Blake3", "Crc32", "Sha256Prefix12", "Unknown"];
    internal static readonly string[] ControlKindNames = ["ControlNet", "T2IAdapter", "IpAdapter", "InstantId", "PhotoMaker", "FaceId", "Reference", "Revision", "VibeTransfer", "Img2Img", "Inpaint", "Other"];
    internal static readonly string[] ControlRiskNames = ["VeryLow", "Low", "Medium", "High", "Unknown"];
    internal static readonly string[] FindingSeverityNames = ["Info", "Warning", "Inconsistency", "Error"];
    internal static readonly string[] ModelCheckStatusNames = ["Match", "Mismatch", "Unknown"];
    internal static readonly string[] FormatErrorKindNames = ["Malformed", "Truncated", "LimitExceeded", "Unsupported"];
}
