using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Inspection;

/// <summary>
/// Writes <see cref="ProvenanceReport"/>s as the versioned <c>candor.inspect/1</c> JSON schema
/// (documented in docs/inspect-json.md): camelCase names, enums as strings, nulls omitted.
/// The CLI, the server and the web app all use this one serialiser.
/// </summary>
public static class ReportJson
{
    // As System.Text.Json writes with ReportJsonContext's options: the default encoder on one line, the relaxed one indented.
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>One report as a JSON document.</summary>
    public static string Serialize(ProvenanceReport report, bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        Write(buffer, report, indented);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one report as UTF-8 JSON to <paramref name="output"/>: on one line, or indented.</summary>
    public static void Write(IBufferWriter<byte> output, ProvenanceReport report, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new Utf8JsonWriter(output, indented ? Indented : Compact);
        ReportJsonWriter.Write(writer, report);
    }

    /// <summary>Writes one report as a single line (JSON Lines) to <paramref name="writer"/>.</summary>
    public static void WriteLine(TextWriter writer, ProvenanceReport report)
    {
        writer.Write(Serialize(report, indented: false));
        writer.Write('\n');
    }

    /// <summary>Reads a report back (for tools that consume Candor's output).</summary>
    public static ProvenanceReport? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.ProvenanceReport);
}

/// <summary>
/// System.Text.Json's metadata for the report: reads reports back, and is the reference <see cref="ReportJsonWriter"/>'s
/// output is tested against.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProvenanceReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    private static ReportJsonContext? _indented;

    /// <summary>Same options, indented.</summary>
    public static ReportJsonContext Indented => _indented ??= new ReportJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
