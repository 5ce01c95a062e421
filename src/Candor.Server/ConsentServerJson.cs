using System.Text.Json;
using Candor.Consent;
using Candor.Registry;

namespace Candor.Server;

/// <summary>
/// The consent endpoints' own JSON: owners, works, versions, domains, audit entries and decisions written with
/// <see cref="Utf8JsonWriter"/>, and statuses and work kinds read from their JSON words.
/// </summary>
internal static class ConsentServerJson
{
    /// <summary>The schema of a bulk-check answer (the contract's <c>candor.consent-check/1</c>).</summary>

    private static readonly ConsentUse[] Uses = Enum.GetValues<ConsentUse>();

    /// <summary>The JSON word of a work kind: url, url-prefix, domain, sha256 or pdq.</summary>
    public static string KindWord(WorkKind kind) => kind switch
    {
        WorkKind.Url => "url",
        WorkKind.UrlPrefix => "url-prefix",
        WorkKind.Domain => "domain",
        WorkKind.Sha256 => "sha256",
        _ => "pdq",
    };

    /// <summary>Reads a work kind word (also <c>prefix</c> for url-prefix); 400 otherwise.</summary>
    public static WorkKind ParseKind(string? word, string where) => word?.Trim().ToLowerInvariant() switch
    {
        "url" => WorkKind.Url,
        "url-prefix" or "prefix" => WorkKind.UrlPrefix,
        "domain" => WorkKind.Domain,
        "sha256" or "sha-256" => WorkKind.Sha256,
        "pdq" => WorkKind.Pdq,
        _ => throw ApiException.BadRequest($"{where}: kind '{word}' is not url, url-prefix, domain, sha256 or pdq"),
    };

    /// <summary>
    /// Reads statuses from JSON: an object of use → <c>opt-out</c> | <c>opt-in</c> | <c>none</c>
    /// (<c>{"ai-training": "opt-out"}</c>), the text form (<c>"ai-training=opt-out tdm=opt-in"</c>), or the single word
    /// <c>opt-out</c> / <c>opt-in</c> for every use. 400 with the reason otherwise.
    /// </summary>
    public static ConsentStatuses ReadStatuses(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.String) return ParseStatuses(value.GetString(), where);
        if (value.ValueKind != JsonValueKind.Object)
            throw ApiException.BadRequest($"{where}: statuses must be an object like {{\"ai-training\": \"opt-out\"}} or a text like \"opt-out\"");
        var statuses = default(ConsentStatuses);
        foreach (var p in value.EnumerateObject())
        {
            if (!ConsentUses.TryParse(p.Name, out var use, out var problem)) throw ApiException.BadRequest($"{where}: {problem}");
            var word = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Trim().ToLowerInvariant() : "";
            var status = word switch
            {
                "opt-out" => ConsentStatus.OptOut,
                "opt-in" => ConsentStatus.OptIn,
                "none" => ConsentStatus.None,
                _ => throw ApiException.BadRequest($"{where}: the status of {p.Name} must be \"opt-out\", \"opt-in\" or \"none\""),
            };
            statuses = statuses.With(use, status);
        }
        return statuses;
    }

    /// <summary>Reads the text form of statuses, or the word <c>opt-out</c> / <c>opt-in</c> for every use; 400 otherwise.</summary>
    public static ConsentStatuses ParseStatuses(string? text, string where)
    {
        var t = text?.Trim().ToLowerInvariant();
        if (t == "opt-out") return ConsentStatuses.OptOutAll;
        if (t == "opt-in") return ConsentStatuses.Of(ConsentStatus.OptIn, Uses);
        if (!ConsentStatuses.TryParse(text, out var statuses, out var problem)) throw ApiException.BadRequest($"{where}: {problem}");
        return statuses;
    }

    /// <summary>Writes statuses as an object of use → opt-out | opt-in (uses without a status left out).</summary>
    public static void WriteStatuses(Utf8JsonWriter w, string name, ConsentStatuses statuses)
    {
        w.WriteStartObject(name);
        foreach (var u in Uses)
        {
            var s = statuses.Get(u);
            if (s != ConsentStatus.None) w.WriteString(ConsentUses.Word(u), s == ConsentStatus.OptOut ? "opt-out" : "opt-in");
        }
        w.WriteEndObject();
    }

    /// <summary>Writes an owner as its owner sees it, with the proof text it publishes to verify a domain.</summary>
    public static void WriteOwner(Utf8JsonWriter w, string name, Owner owner)
    {
        w.WriteStartObject(name);
        w.WriteNumber("id", owner.Id);
        w.WriteString("name", owner.Name);
        w.WriteString("createdAt", owner.CreatedAt);
        w.WriteString("proofText", ConsentRegistry.DomainProofText(owner));
        if (owner.CertificateSha256 is not null) w.WriteString("certificateSha256", owner.CertificateSha256);
        if (owner.WatermarkKeyId is not null) w.WriteString("watermarkKeyId", owner.WatermarkKeyId);
        w.WriteEndObject();
    }

    /// <summary>Writes a work (its current version); <paramref name="verified"/> when known.</summary>
    public static void WriteWork(Utf8JsonWriter w, Work work, bool? verified)
    {
        w.WriteStartObject();
        w.WriteNumber("id", work.Id);
        w.WriteString("kind", KindWord(work.Kind));
        w.WriteString("key", work.Key);
        if (work.Host is not null) w.WriteString("host", work.Host);
        if (work.Kind == WorkKind.Pdq) w.WriteNumber("radius", work.Radius);
        if (work.Label is not null) w.WriteString("label", work.Label);
        w.WriteNumber("version", work.Version);
        WriteStatuses(w, "statuses", work.Statuses);
        w.WriteBoolean("withdrawn", work.Withdrawn);
        if (verified is { } v) w.WriteBoolean("verified", v);
        if (work.Proof is not null) w.WriteString("proof", work.Proof);
        w.WriteString("createdAt", work.CreatedAt);
        w.WriteString("changedAt", work.ChangedAt);
        w.WriteEndObject();
    }

    /// <summary>Writes one version of a work's history.</summary>
    public static void WriteVersion(Utf8JsonWriter w, WorkVersion v)
    {
        w.WriteStartObject();
        w.WriteNumber("version", v.Version);
        w.WriteString("change", v.Change);
        WriteStatuses(w, "statuses", v.Statuses);
        w.WriteBoolean("withdrawn", v.Withdrawn);
        if (v.Proof is not null) w.WriteString("proof", v.Proof);
        w.WriteString("actor", v.Actor);
        w.WriteString("at", v.At);
        w.WriteNumber("sequence", v.Sequence);
        w.WriteEndObject();
    }

    /// <summary>Writes a verified domain.</summary>
    public static void WriteDomain(Utf8JsonWriter w, DomainClaim d)
    {
        w.WriteStartObject();
        w.WriteString("domain", d.Domain);
        w.WriteString("method", d.Method);
        w.WriteString("detail", d.Detail);
        w.WriteString("verifiedAt", d.VerifiedAt);
        w.WriteEndObject();
    }

    /// <summary>Writes one audit entry.</summary>
    public static void WriteAudit(Utf8JsonWriter w, AuditEntry e)
    {
        w.WriteStartObject();
        w.WriteNumber("id", e.Id);
        w.WriteString("at", e.At);
        w.WriteString("actor", e.Actor);
        w.WriteString("action", e.Action);
        w.WriteString("target", e.Target);
        w.WriteString("detail", e.Detail);
        w.WriteEndObject();
    }

    // The encoded JSON of decisions without evidence, by verdict and reason ("not in the registry" is most of a batch).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ConsentVerdict, string), byte[]> Bare = new();

    /// <summary>Writes one decision as <see cref="ConsentJson.WriteDecision"/> does, copying the bytes of a repeated evidence-free answer.</summary>
    public static void WriteDecision(Utf8JsonWriter w, ConsentDecision d)
    {
        if (d.Evidence.Count == 0 && d.Reason.Length < 200)
        {
            // Encoded once and copied after: most answers of a batch are the same "not in the registry".
            var raw = Bare.Count < 1024 ? Bare.GetOrAdd((d.Verdict, d.Reason), static key => Encode(key.Item1, key.Item2)) : Bare.GetValueOrDefault((d.Verdict, d.Reason));
            if (raw is not null)
            {
                w.WriteRawValue(raw, skipInputValidation: true);
                return;
            }
        }
        ConsentJson.WriteDecision(w, d);
    }

    private static byte[] Encode(ConsentVerdict verdict, string reason)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer)) ConsentJson.WriteDecision(w, new ConsentDecision(ConsentUse.AiTraining, verdict, reason, []));
        return buffer.WrittenSpan.ToArray();
    }
}
