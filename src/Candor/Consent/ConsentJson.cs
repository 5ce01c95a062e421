using System.Text.Json;

namespace Candor.Consent;

/// <summary>
/// The JSON of consent decisions and of the bulk check (schema <c>candor.consent-check/1</c>), written and read in one
/// place so that the registry client, the server and the reports agree. A request is
/// <c>{"use":"ai-training","items":[{"url":…,"sha256":…,"pdq":…},…]}</c> with at most <see cref="MaxCheckItems"/> items;
/// the response is <c>{"schema":"candor.consent-check/1","use":…,"results":[{"verdict","reason","evidence":[…]},…]}</c>,
/// one result per item in request order.
/// </summary>
public static class ConsentJson
{
    /// <summary>The schema name of a bulk-check response.</summary>
    public const string CheckSchema = "candor.consent-check/1";

    /// <summary>The most items one bulk-check request may hold.</summary>
    public const int MaxCheckItems = 10_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The JSON word for <paramref name="verdict"/>: <c>not-stated</c>, <c>allowed</c> or <c>forbidden</c>.</summary>
    public static string VerdictWord(ConsentVerdict verdict) => verdict switch
    {
        ConsentVerdict.Allowed => "allowed",
        ConsentVerdict.Forbidden => "forbidden",
        _ => "not-stated",
    };

    /// <summary>Reads a verdict word (case-insensitive); false for anything else.</summary>
    public static bool TryParseVerdict(string? word, out ConsentVerdict verdict)
    {
        foreach (var v in new[] { ConsentVerdict.NotStated, ConsentVerdict.Allowed, ConsentVerdict.Forbidden })
            if (string.Equals(VerdictWord(v), word, StringComparison.OrdinalIgnoreCase))
            {
                verdict = v;
                return true;
            }
        verdict = default;
        return false;
    }

    /// <summary>Writes a bulk-check request for <paramref name="queries"/>; fields a query does not have are left out.</summary>
    public static void WriteCheckRequest(Utf8JsonWriter writer, ConsentUse use, IReadOnlyList<ConsentQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(queries);
        writer.WriteStartObject();
        writer.WriteString("use", ConsentUses.Word(use));
        writer.WriteStartArray("items");
        foreach (var q in queries)
        {
            writer.WriteStartObject();
            if (q.Url is not null) writer.WriteString("url", q.Url);
            if (q.Sha256 is not null) writer.WriteString("sha256", q.Sha256);
            if (q.Pdq is not null) writer.WriteString("pdq", q.Pdq);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a bulk-check request. Every item must be an object with at least one of <c>url</c>, <c>sha256</c> (64 hex
    /// digits) and <c>pdq</c> (64 hex digits); hex digits are returned in lower case.
    /// </summary>
    /// <exception cref="CandorFormatException">Not JSON, not the request shape, an unknown use, a bad item (the message names it), or more than <see cref="MaxCheckItems"/> items (<see cref="FormatErrorKind.LimitExceeded"/>).</exception>
    public static (ConsentUse Use, IReadOnlyList<ConsentQuery> Queries) ReadCheckRequest(ReadOnlyMemory<byte> json)
    {
        using var doc = Parse(json, "bulk-check request");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Bad("the request is not a JSON object");
        if (!root.TryGetProperty("use", out var useElement) || useElement.ValueKind != JsonValueKind.String)
            throw Bad($"\"use\" is missing: expected one of {string.Join(", ", ConsentUses.Words)}");
        if (!ConsentUses.TryParse(useElement.GetString(), out var use, out var problem)) throw Bad(problem);
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) throw Bad("\"items\" is missing or not an array");
        var count = items.GetArrayLength();
        if (count > MaxCheckItems)
            throw new CandorFormatException($"{count} items: at most {MaxCheckItems} may be checked in one request", block: "items", kind: FormatErrorKind.LimitExceeded);
        var queries = new ConsentQuery[count];
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw Bad($"items[{i}] is not an object");
            var url = Text(item, "url", i);
            var sha = Hex(item, "sha256", i);
            var pdq = Hex(item, "pdq", i);
            if (url is null && sha is null && pdq is null) throw Bad($"items[{i}] has none of url, sha256, pdq");
            queries[i++] = new ConsentQuery(url, sha, pdq);
        }
        return (use, queries);
    }

    /// <summary>Writes a bulk-check response: the schema, the use and one result per decision, in order.</summary>
    public static void WriteCheckResponse(Utf8JsonWriter writer, ConsentUse use, IReadOnlyList<ConsentDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decisions);
        writer.WriteStartObject();
        writer.WriteString("schema", CheckSchema);
        writer.WriteString("use", ConsentUses.Word(use));
        writer.WriteStartArray("results");
        foreach (var d in decisions) WriteDecision(writer, d);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one decision as <c>{"verdict","reason","evidence":[{"signal","source","detail","verdict"}]}</c>.</summary>
    public static void WriteDecision(Utf8JsonWriter writer, ConsentDecision decision)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decision);
        writer.WriteStartObject();
        writer.WriteString(VerdictName, VerdictWord(decision.Verdict));
        writer.WriteString(ReasonName, decision.Reason);
        writer.WriteStartArray(EvidenceName);
        foreach (var e in decision.Evidence) WriteEvidence(writer, e);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one piece of evidence as <c>{"signal","source","detail","verdict"}</c>.</summary>
    public static void WriteEvidence(Utf8JsonWriter writer, ConsentEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evidence);
        writer.WriteStartObject();
        writer.WriteString(SignalName, evidence.Signal);
        writer.WriteString(SourceName, evidence.Source);
        writer.WriteString(DetailName, evidence.Detail);
        writer.WriteString(VerdictName, VerdictWord(evidence.Verdict));
        writer.WriteEndObject();
    }

    // Pre-encoded property names: a bulk check writes them 10,000 times a request.
    private static readonly JsonEncodedText VerdictName = JsonEncodedText.Encode("verdict");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText EvidenceName = JsonEncodedText.Encode("evidence");
    private static readonly JsonEncodedText SignalName = JsonEncodedText.Encode("signal");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");

    /// <summary>
    /// Reads a bulk-check response that answers <paramref name="expectedCount"/> items about <paramref name="use"/>.
    /// </summary>
    /// <exception cref="CandorFormatException">Not JSON, another schema or use, a result count other than <paramref name="expectedCount"/>, or a malformed result (the message names it).</exception>
    public static IReadOnlyList<ConsentDecision> ReadCheckResponse(ReadOnlyMemory<byte> json, ConsentUse use, int expectedCount)
    {
        using var doc = Parse(json, "bulk-check response");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Bad("the response is not a JSON object");
        if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != CheckSchema)
            throw Bad($"the response's schema is not {CheckSchema}");
        if (root.TryGetProperty("use", out var useElement) && (useElement.ValueKind != JsonValueKind.String
            || !ConsentUses.TryParse(useElement.GetString(), out var answered, out _) || answered != use))
            throw Bad($"the response answers use {useElement.GetRawText()}, not {ConsentUses.Word(use)}");
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array) throw Bad("\"results\" is missing or not an array");
        if (results.GetArrayLength() != expectedCount) throw Bad($"{results.GetArrayLength()} results for {expectedCount} items");
        var decisions = new ConsentDecision[expectedCount];
        var i = 0;
        foreach (var r in results.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object) throw Bad($"results[{i}] is not an object");
            var verdict = Verdict(r, $"results[{i}]");
            var reason = r.TryGetProperty("reason", out var re) && re.ValueKind == JsonValueKind.String ? re.GetString()! : "";
            var evidence = new List<ConsentEvidence>();
            if (r.TryGetProperty("evidence", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var e in list.EnumerateArray())
                {
                    var where = $"results[{i}].evidence[{j++}]";
                    if (e.ValueKind != JsonValueKind.Object) throw Bad($"{where} is not an object");
                    evidence.Add(new ConsentEvidence(String(e, "signal"), String(e, "source"), String(e, "detail"), Verdict(e, where)));
                }
            }
            decisions[i++] = new ConsentDecision(use, verdict, reason, evidence);
        }
        return decisions;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new CandorFormatException($"the {what} is not valid JSON: {e.Message}", e.BytePositionInLine ?? -1, inner: e);
        }
    }

    private static ConsentVerdict Verdict(JsonElement element, string where)
    {
        if (element.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String && TryParseVerdict(v.GetString(), out var verdict)) return verdict;
        throw Bad($"{where}.verdict is missing or not one of not-stated, allowed, forbidden");
    }

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string? Text(JsonElement item, string name, int index)
    {
        if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw Bad($"items[{index}].{name} is not a string");
        var s = v.GetString()!;
        return s.Length == 0 ? null : s;
    }

    private static string? Hex(JsonElement item, string name, int index)
    {
        var s = Text(item, name, index);
        if (s is null) return null;
        if (s.Length != 64 || !s.All(char.IsAsciiHexDigit)) throw Bad($"items[{index}].{name} is not 64 hexadecimal digits");
        return s.ToLowerInvariant();
    }

    private static CandorFormatException Bad(string message) => new(message, block: "consent check");
}
