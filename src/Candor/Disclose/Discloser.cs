using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.C2pa.Signing;
using Candor.Consent;
using Candor.Darktable;
using Candor.FileSystem;
using Candor.Formats;
using Candor.Inspection;
using Candor.Metadata.Iptc;

namespace Candor.Disclose;

/// <summary>
/// The disclose workflow for one file: plan what to declare (from the request, a darktable sidecar or
/// the file's own provenance), refuse files with Content Credentials unless re-signing or forced,
/// write the XMP losslessly and optionally sign a C2PA manifest with the same content. Files are
/// independent, so callers may apply a request to many files in parallel (signing excepted: a key is
/// used from one thread).
/// </summary>
public static class Discloser
{
    /// <summary>The plain reason a file with Content Credentials is refused.</summary>
    public const string ContentCredentialsRefusal = "it carries Content Credentials (C2PA), which any change invalidates";

    /// <summary>
    /// Reads a user's IPTC Digital Source Type (a code or its URI). Unknown values and retired terms are
    /// refused; <paramref name="problem"/> then says why in plain words (naming the replacement of a retired term).
    /// </summary>
    public static bool TryParseSourceType(string value, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        (code, problem) = DigitalSourceType.Parse(value) switch
        {
            null => ((string?)null, (string?)$"'{value}' is not an IPTC Digital Source Type code (e.g. {string.Join(", ", DigitalSourceType.All.Where(t => !t.IsRetired).Take(6).Select(t => t.Code))}, …)"),
            { IsRetired: true } term => (null, $"'{term.Code}' is a retired IPTC term{(term.ReplacedBy is null ? "" : $"; use {term.ReplacedBy}")}"),
            var term => (term.Code, null),
        };
        return code is not null;
    }

    /// <summary>What <paramref name="request"/> declares for <paramref name="file"/>, and why; reads the file (and the darktable sidecar) but changes nothing.</summary>
    public static DisclosurePlan Plan(string file, DisclosureRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        var tools = new List<string>(request.Tools);
        var actions = new List<string>(request.Actions);
        var reasons = new List<string>();
        var code = request.SourceTypeCode;
        if (code is not null) reasons.Add("--source-type given");
        if (request.DarktableSidecar is { } sidecar)
        {
            var dt = DarktableAiDetector.Analyze(DarktableSidecar.Load(sidecar), file);
            code ??= dt.SuggestedSourceType;
            actions.AddRange(dt.Actions);
            if (dt.AiUsed) tools.Add("darktable");
            reasons.Add($"darktable: {dt.Reason}");
        }
        if (request.Auto)
        {
            var decision = AutoDisclosure.Decide(new Inspector(new InspectOptions { C2pa = null }).Inspect(file));
            code ??= decision.SourceTypeCode;
            tools.AddRange(decision.Tools);
            actions.AddRange(decision.Actions);
            reasons.Add(decision.Reason);
        }
        var content = new DisclosureContent
        {
            DigitalSourceType = code is null ? null : DigitalSourceType.Namespace + code,
            DataMining = request.DataMiningCode is null ? null : DataMining.Namespace + request.DataMiningCode,
            Tools = tools.Distinct().ToList(),
            Actions = actions.Distinct().ToList(),
            Generator = $"Candor {typeof(Discloser).Assembly.GetName().Version?.ToString(3)}",
        };
        return new DisclosurePlan(content, code, request.DataMiningCode, string.Join("; ", reasons));
    }

    /// <summary>
    /// Plans and writes the disclosure into <paramref name="file"/> (or into a copy at <paramref name="outPath"/>),
    /// through a temporary file and a rename, then signs it when the request carries credentials. Problems
    /// with the file become the outcome's <see cref="DisclosureOutcome.Error"/>, so a batch goes on.
    /// Refused before anything is written: an <paramref name="outPath"/> that exists (unless
    /// <see cref="DisclosureRequest.Overwrite"/>) or whose extension names another format than the file's,
    /// and signing credentials that would not validate (unless <see cref="DisclosureRequest.AllowInvalidCertificate"/>).
    /// </summary>
    public static DisclosureOutcome Apply(string file, DisclosureRequest request, string? outPath = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var plan = Plan(file, request);
            if (!plan.HasContent) return new(file, DisclosureStatus.Planned, plan, null, null);
            if (outPath is not null && !FilePaths.IsSameFile(file, outPath))
            {
                if (ImageFileExtensions.Mismatch(outPath, ContainerRegistry.Scan(file).ImageFormat) is { } mismatch)
                    return new(file, DisclosureStatus.Failed, plan, null, mismatch);
                if (!request.Overwrite && File.Exists(outPath))
                    return new(file, DisclosureStatus.RefusedOutputExists, plan, null, new FileExistsException(outPath).Message);
            }
            if (request.Signing is { } credentials && !request.AllowInvalidCertificate
                && credentials.FindProblem(credentials.Key.DefaultAlgorithm, DateTimeOffset.UtcNow) is { } credentialProblem)
                return new(file, DisclosureStatus.Failed, plan, null, $"{credentialProblem}; a manifest signed with it would not validate");
            if (request.Signing is null && !request.Force && HasContentCredentials(file))
                return new(file, DisclosureStatus.RefusedContentCredentials, plan, null, ContentCredentialsRefusal);
            if (request.DryRun) return new(file, DisclosureStatus.Planned, plan, null, null);
            var target = outPath ?? file;
            if (request.Signing is not { } signing)
                return new(file, DisclosureStatus.Written, plan, target, null) { XmpRepairs = XmpWriter.ApplyFile(file, plan.Content, outPath) };
            // Labelled and signed in memory, then written once: a signature that fails (a time-stamp
            // server, a key) leaves the file as it was instead of labelled but unsigned.
            var repaired = new List<string>();
            var labelled = XmpWriter.Apply(RegularFile.ReadAllBytes(file), plan.Content, repaired);
            AtomicFile.WriteAllBytes(target, Sign(labelled, HasContentCredentials(file), target, plan, signing, request.AllowInvalidCertificate));
            return new(file, DisclosureStatus.Written, plan, target, null) { XmpRepairs = repaired };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException or NotSupportedException)
        {
            return new(file, DisclosureStatus.Failed, null, null, e is CandorFormatException f ? f.Describe()
                : e is ArgumentException a && a.ParamName is not null ? a.Message.Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal)
                : e.Message);
        }
    }


    /// <summary>True when <paramref name="file"/> carries an embedded C2PA manifest store (Content Credentials).</summary>
    public static bool HasContentCredentials(string file)
    {
        using var stream = RegularFile.OpenRead(file);
        return ContainerRegistry.Scan(stream).Payloads.Any(p => p.Kind == PayloadKind.C2pa);
    }

    /// <summary>
    /// Writes one outcome as the <c>candor disclose --json</c> object: <c>file</c>, <c>written</c> (null when
    /// nothing was written), the declared <c>digital_source_type</c> and <c>data_mining</c> URIs when present,
    /// <c>tools</c>, <c>actions</c> and <c>reason</c>; <c>xmp_repairs</c> when the existing XMP had to be repaired; an outcome that was refused or failed also carries <c>error</c>.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, DisclosureOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        writer.WriteStartObject();
        writer.WriteString("file", outcome.File);
        if (outcome.Written is not null) writer.WriteString("written", outcome.Written);
        else writer.WriteNull("written");
        if (outcome.Plan is { } plan)
        {
            if (plan.Content.DigitalSourceType is not null) writer.WriteString("digital_source_type", plan.Content.DigitalSourceType);
            if (plan.Content.DataMining is not null) writer.WriteString("data_mining", plan.Content.DataMining);
            writer.WriteStartArray("tools");
            foreach (var t in plan.Content.Tools) writer.WriteStringValue(t);
            writer.WriteEndArray();
            writer.WriteStartArray("actions");
            foreach (var a in plan.Content.Actions) writer.WriteStringValue(a);
            writer.WriteEndArray();
            writer.WriteString("reason", plan.Reason);
        }
        if (outcome.XmpRepairs.Count > 0)
        {
            writer.WriteStartArray("xmp_repairs");
            foreach (var r in outcome.XmpRepairs) writer.WriteStringValue(r);
            writer.WriteEndArray();
        }
        if (outcome.Error is not null) writer.WriteString("error", outcome.Error);
        writer.WriteEndObject();
    }

    private static byte[] Sign(byte[] labelled, bool hasCredentials, string target, DisclosurePlan plan, C2paSigningCredentials signing, bool allowInvalidCertificate)
    {
        var options = new C2paSignOptions
        {
            Algorithm = signing.Key.DefaultAlgorithm,
            Key = signing.Key,
            Chain = signing.Chain,
            DigitalSourceType = plan.SourceCode,
            // A file that already has credentials is opened and its metadata edited (the source type
            // goes on that action); a new manifest starts with c2pa.created carrying it.
            Action = hasCredentials ? "c2pa.edited.metadata" : "c2pa.created",
            TrainingByEntry = TrainingConsent.NotAllowedEntries(plan.DataMiningCode),
            AllowInvalidCertificate = allowInvalidCertificate,
        };
        return C2paSigner.Sign(labelled, options with { Title = Path.GetFileName(target) }, out _);
    }
}
