using System.Text.Json;

namespace Candor.C2pa.Validation;

/// <summary>
/// The JSON shape of a validation result (schema <c>candor.verify/1</c>), shared by
/// <c>candor verify --json</c> and the HTTP API: verdict, the manifest chain newest first, and
/// every status with its code, what it is about, and a plain message.
/// </summary>
public static class C2paValidationJson
{
    /// <summary>The schema identifier written as "schema".</summary>
    public const string Schema = "candor.verify/1";

    /// <summary>Writes <paramref name="result"/> for <paramref name="file"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter w, string file, C2paValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WriteString("file", file);
        w.WriteString("outcome", result.Outcome switch
        {
            C2paValidationOutcome.Validated => "validated",
            C2paValidationOutcome.NoManifest => "no_manifest",
            C2paValidationOutcome.RemoteManifest => "remote_manifest",
            _ => "unreadable",
        });
        if (result.State is { } state) w.WriteString("state", state.ToString());
        else w.WriteNull("state");
        if (result.Message is not null) w.WriteString("message", result.Message);
        if (result.ErrorKind is { } kind) w.WriteString("error_kind", ErrorKindName(kind));
        if (result.RemoteManifestUrl is not null) w.WriteString("remote_manifest_url", result.RemoteManifestUrl);
        if (result.StoreSource is not null) w.WriteString("store_source", result.StoreSource);
        if (result.ActiveManifestLabel is not null) w.WriteString("active_manifest", result.ActiveManifestLabel);
        if (result.Store is { } store)
        {
            w.WriteStartArray("manifests");
            for (var i = store.Manifests.Count - 1; i >= 0; i--) WriteManifest(w, store.Manifests[i], i == store.Manifests.Count - 1);
            w.WriteEndArray();
        }
        WriteStatuses(w, "failures", result.Failures);
        WriteStatuses(w, "informational", result.Informational);
        WriteStatuses(w, "successes", result.ActiveManifestStatuses.Where(s => s.Kind == C2paStatusKind.Success));
        w.WriteStartArray("ingredient_deltas");
        foreach (var delta in result.IngredientDeltas)
        {
            w.WriteStartObject();
            w.WriteString("ingredient", delta.IngredientUri);
            WriteStatuses(w, "failures", delta.Failures);
            WriteStatuses(w, "informational", delta.Informational);
            w.WriteStartArray("recorded_failures");
            foreach (var code in delta.RecordedFailures) w.WriteStringValue(code);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string ErrorKindName(FormatErrorKind kind) => kind switch
    {
        FormatErrorKind.Truncated => "truncated",
        FormatErrorKind.LimitExceeded => "limit_exceeded",
        FormatErrorKind.Unsupported => "unsupported",
        _ => "malformed",
    };

    private static void WriteManifest(Utf8JsonWriter w, C2paManifestSummary m, bool active)
    {
        w.WriteStartObject();
        w.WriteString("label", m.Label);
        w.WriteBoolean("active", active);
        w.WriteString("kind", m.Kind.ToString().ToLowerInvariant());
        w.WriteNumber("claim_version", m.ClaimVersion);
        var generator = m.ClaimGeneratorInfo.Count > 0 ? string.Join(", ", m.ClaimGeneratorInfo) : m.ClaimGenerator;
        if (generator is not null) w.WriteString("claim_generator", generator);
        if (m.Title is not null) w.WriteString("title", m.Title);
        if (m.Format is not null) w.WriteString("format", m.Format);
        if (m.Signature is { } sig)
        {
            w.WriteStartObject("signature");
            if (sig.Algorithm is not null) w.WriteString("algorithm", sig.Algorithm);
            if (sig.SubjectCommonName is not null) w.WriteString("common_name", sig.SubjectCommonName);
            if (sig.SubjectOrganization is not null) w.WriteString("organization", sig.SubjectOrganization);
            if (sig.IssuerCommonName is not null) w.WriteString("issuer", sig.IssuerCommonName);
            if (sig.IssuerOrganization is not null) w.WriteString("issuer_organization", sig.IssuerOrganization);
            if (sig.NotBefore is { } nb) w.WriteString("not_before", nb);
            if (sig.NotAfter is { } na) w.WriteString("not_after", na);
            w.WriteEndObject();
        }
        w.WriteStartArray("actions");
        foreach (var a in m.Actions)
        {
            w.WriteStartObject();
            w.WriteString("action", a.Action);
            if (a.SoftwareAgent is not null) w.WriteString("software_agent", a.SoftwareAgent.ToString());
            if (a.DigitalSourceType is not null) w.WriteString("digital_source_type", a.DigitalSourceType);
            if (a.When is not null) w.WriteString("when", a.When);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("ingredients");
        foreach (var i in m.Ingredients)
        {
            w.WriteStartObject();
            if (i.Title is not null) w.WriteString("title", i.Title);
            if (i.Relationship is not null) w.WriteString("relationship", i.Relationship);
            if (i.Format is not null) w.WriteString("format", i.Format);
            if (i.ActiveManifest is not null) w.WriteString("manifest", i.ActiveManifest);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("training_mining");
        foreach (var t in m.TrainingMining)
        {
            w.WriteStartObject();
            w.WriteString("entry", t.Key);
            if (t.Use is not null) w.WriteString("use", t.Use);
            if (t.ConstraintInfo is not null) w.WriteString("constraint_info", t.ConstraintInfo);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStatuses(Utf8JsonWriter w, string name, IEnumerable<C2paStatus> statuses)
    {
        w.WriteStartArray(name);
        foreach (var s in statuses)
        {
            w.WriteStartObject();
            w.WriteString("code", s.Code);
            if (s.Url is not null) w.WriteString("url", s.Url);
            w.WriteString("manifest", s.ManifestLabel);
            w.WriteString("message", s.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
