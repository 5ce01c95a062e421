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
    /// <summary>One report as a JSON document.</summary>
    public static string Serialize(ProvenanceReport report, bool indented = true) =>
        JsonSerializer.Serialize(report, indented ? ReportJsonContext.Indented.ProvenanceReport : ReportJsonContext.Default.ProvenanceReport);

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

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProvenanceReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    private static ReportJsonContext? _indented;

    /// <summary>Same options, indented.</summary>
    public static ReportJsonContext Indented => _indented ??= new ReportJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
