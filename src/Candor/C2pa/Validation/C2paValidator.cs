using System.Text;
using System.Text.RegularExpressions;
using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.C2pa.Trust;
using Candor.FileSystem;
using Candor.Formats;

namespace Candor.C2pa.Validation;

/// <summary>
/// Validates an asset's Content Credentials the way the C2PA reference implementation does
/// (c2pa-rs): the active manifest's signature, certificate and time-stamp, every hashed URI,
/// its actions, its hard binding over the asset's bytes, then each ingredient's manifest,
/// recursively, and gives the verdict: Invalid, Valid (sound but not on a trust list) or
/// Trusted. The store comes from the asset, a <c>.c2pa</c> sidecar, or (only when allowed) the
/// remote URL the asset's XMP names.
/// </summary>
public static partial class C2paValidator
{
    private const string UriPrefix = "self#jumbf=";

    // Codes that, alone, leave a manifest Valid: the signer is not on a trust list (c2pa-rs
    // treats an untrusted CAWG identity credential the same way).
    private static bool IsTolerated(string code) =>
        code == C2paStatusCodes.SigningCredentialUntrusted || code.StartsWith("cawg.", StringComparison.Ordinal);

    /// <summary>
    /// Validates the file at <paramref name="path"/>. A sidecar <c>NAME.c2pa</c> beside it is used
    /// when the file embeds no store (or <see cref="C2paValidationOptions.SidecarPath"/> names one).
    /// An unreadable container or store is an <see cref="C2paValidationOutcome.Unreadable"/> result, not an exception.
    /// <paramref name="cancellationToken"/> stops a remote manifest fetch (<see cref="OperationCanceledException"/>).
    /// </summary>
    public static C2paValidationResult Validate(string path, C2paValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= C2paValidationOptions.Default;
        using var stream = RegularFile.OpenRead(path, bufferSize: 4096);
        var sidecar = options.SidecarPath;
        if (sidecar is null)
        {
            var beside = Path.ChangeExtension(path, ".c2pa");
            if (!string.Equals(beside, path, StringComparison.Ordinal) && File.Exists(beside)) sidecar = beside;
        }
        return Validate(stream, options, sidecar, cancellationToken);
    }

    /// <summary>
    /// Validates the asset in a readable, seekable stream. <paramref name="cancellationToken"/> stops a
    /// remote manifest fetch (<see cref="OperationCanceledException"/>).
    /// </summary>
    public static C2paValidationResult Validate(Stream asset, C2paValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        options ??= C2paValidationOptions.Default;
        return Validate(asset, options, options.SidecarPath, cancellationToken);
    }

    private static C2paValidationResult Validate(Stream asset, C2paValidationOptions options, string? sidecarPath, CancellationToken cancellationToken)
    {
        ContainerScan scan;
        try
        {
            scan = ContainerRegistry.Scan(asset);
        }
        catch (CandorFormatException e)
        {
            return Unreadable($"the file cannot be read: {e.Describe()}", e.Kind);
        }
        var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa);
        ReadOnlyMemory<byte> storeBytes;
        IReadOnlyList<ByteRange>? ranges;
        string source;
        string? remoteUrl = FindRemoteManifestUrl(scan);
        if (payload is not null)
        {
            storeBytes = payload.Data;
            ranges = DataHashValidator.StoreRanges(scan, asset, payload);
            source = "embedded";
        }
        else if (sidecarPath is not null)
        {
            try
            {
                storeBytes = RegularFile.ReadAllBytes(sidecarPath);
            }
            catch (IOException e)
            {
                return Unreadable($"the sidecar manifest {sidecarPath} cannot be read: {e.Message}");
            }
            ranges = [];
            source = $"sidecar {sidecarPath}";
        }
        else if (remoteUrl is not null)
        {
            if (!options.AllowNetwork && !options.Trust.AllowNetwork)
                return new C2paValidationResult
                {
                    Outcome = C2paValidationOutcome.RemoteManifest,
                    RemoteManifestUrl = remoteUrl,
                    Message = $"the manifest is stored remotely at {remoteUrl}; not fetched (network use not allowed)",
                };
            // Validation is synchronous; the fetch is asynchronous only so that every read observes the deadline.
            var fetched = RemoteManifest.FetchAsync(remoteUrl, options.MaxRemoteManifestBytes, options.RemoteManifestTimeout, cancellationToken).GetAwaiter().GetResult();
            if (fetched.Bytes is null)
                return new C2paValidationResult { Outcome = C2paValidationOutcome.RemoteManifest, RemoteManifestUrl = remoteUrl, Message = fetched.Problem };
            storeBytes = fetched.Bytes;
            ranges = [];
            source = $"remote {remoteUrl}";
        }
        else
        {
            return new C2paValidationResult { Outcome = C2paValidationOutcome.NoManifest, Message = "the file carries no Content Credentials" };
        }

        C2paManifestStore store;
        try
        {
            store = ManifestStoreReader.Read(storeBytes);
        }
        catch (CandorFormatException e)
        {
            return Unreadable($"the manifest store cannot be read: {e.Describe()}", e.Kind, remoteUrl);
        }
        if (store.ActiveManifest is null) return Unreadable("the manifest store holds no manifest", remoteUrl: remoteUrl);
        return Run(store, asset, ranges, options, source, remoteUrl);
    }

    /// <summary>
    /// Validates <paramref name="store"/> (already read) against <paramref name="asset"/>;
    /// <paramref name="storeRanges"/> is where the store sits in the asset (empty for a sidecar).
    /// </summary>
    public static C2paValidationResult Validate(C2paManifestStore store, Stream asset, IReadOnlyList<ByteRange>? storeRanges, C2paValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(asset);
        if (store.ActiveManifest is null) return Unreadable("the manifest store holds no manifest");
        return Run(store, asset, storeRanges, options ?? C2paValidationOptions.Default, "given", null);
    }

    private static C2paValidationResult Unreadable(string message, FormatErrorKind? kind = null, string? remoteUrl = null) =>
        new() { Outcome = C2paValidationOutcome.Unreadable, Message = message, ErrorKind = kind, RemoteManifestUrl = remoteUrl };

    private static C2paValidationResult Run(C2paManifestStore store, Stream asset, IReadOnlyList<ByteRange>? ranges, C2paValidationOptions options, string source, string? remoteUrl)
    {
        var active = store.ActiveManifest!;
        var report = new C2paHashReport { ActiveManifestLabel = active.Label };
        var stored = new Dictionary<string, (HashSet<string> All, List<string> Failures)>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal) { active.Label };
        ValidateClaim(store, active, options.Trust, report);
        DataHashValidator.Validate(store, asset, ranges, report);
        CheckIngredients(store, active, options.Trust, report, stored, visited);

        var known = store.Manifests.Select(m => m.Label).ToHashSet(StringComparer.Ordinal);
        var activeStatuses = report.Statuses
            .Where(s => s.IngredientUri is null || !known.Contains(s.ManifestLabel))
            .ToList();
        var deltas = report.Statuses
            .Where(s => s.IngredientUri is not null)
            .GroupBy(s => s.IngredientUri!, StringComparer.Ordinal)
            .Select(g => new C2paIngredientDelta(g.Key, g
                .Where(s => !(stored.TryGetValue(g.Key, out var codes) && codes.All.Contains(s.Code)))
                .ToList())
            {
                RecordedFailures = stored.TryGetValue(g.Key, out var recorded) ? recorded.Failures : [],
            })
            .ToList();

        var failures = activeStatuses.Concat(deltas.SelectMany(d => d.Statuses)).Where(s => s.Kind == C2paStatusKind.Failure).ToList();
        C2paValidationState state;
        if (failures.Any(f => !IsTolerated(f.Code))) state = C2paValidationState.Invalid;
        else if (failures.Count == 0 && activeStatuses.Any(s => s.Code == C2paStatusCodes.SigningCredentialTrusted)) state = C2paValidationState.Trusted;
        else state = C2paValidationState.Valid;

        return new C2paValidationResult
        {
            Outcome = C2paValidationOutcome.Validated,
            State = state,
            Store = store,
            StoreSource = source,
            RemoteManifestUrl = remoteUrl,
            Statuses = report.Statuses,
            ActiveManifestStatuses = activeStatuses,
            IngredientDeltas = deltas,
        };
    }

    // The checks every manifest gets, active or ingredient: signature and credentials, hashed
    // URIs, actions (v2 claims), CAWG identity. The hard binding is the active manifest's alone.
    private static void ValidateClaim(C2paManifestStore store, C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report)
    {
        Guard(manifest, report, "the claim signature", () => CredentialValidator.Validate(manifest, trust, report));
        Guard(manifest, report, "the hashed URIs", () => HashedUriValidator.ValidateManifest(store, manifest, report));
        Guard(manifest, report, "the actions", () => ActionsValidator.Validate(manifest, report));
        Guard(manifest, report, "the CAWG identity", () => CawgIdentityValidator.Validate(manifest, trust, report));
    }

    // A structure broken beyond what a check can report in its own codes fails that check
    // (general.error, with where it broke) and the others still run.
    private static void Guard(C2paManifestSummary manifest, C2paHashReport report, string what, Action check)
    {
        try
        {
            check();
        }
        catch (CandorFormatException e)
        {
            report.Add(C2paStatusCodes.GeneralError, null, $"{what} cannot be checked: {e.Describe()}", manifest.Label);
        }
    }

    private static void CheckIngredients(C2paManifestStore store, C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report,
        Dictionary<string, (HashSet<string> All, List<string> Failures)> stored, HashSet<string> visited)
    {
        var assertions = manifest.Box.ChildWithLabel("c2pa.assertions");
        if (assertions is null) return;
        foreach (var box in assertions.Children)
        {
            if (box.Label is not { } label) continue;
            var baseLabel = ManifestStoreReader.BaseLabel(label);
            if (baseLabel is not ("c2pa.ingredient" or "c2pa.ingredient.v2" or "c2pa.ingredient.v3")) continue;
            var uri = $"{UriPrefix}/c2pa/{manifest.Label}/c2pa.assertions/{label}";
            var outer = report.IngredientUri;
            report.IngredientUri = uri;
            try
            {
                CheckIngredient(store, manifest, box, baseLabel, uri, trust, report, stored, visited);
            }
            finally
            {
                report.IngredientUri = outer;
            }
        }
    }

    private static void CheckIngredient(C2paManifestStore store, C2paManifestSummary manifest, JumbfBox box, string baseLabel, string uri,
        C2paTrustSettings trust, C2paHashReport report, Dictionary<string, (HashSet<string> All, List<string> Failures)> stored, HashSet<string> visited)
    {
        var content = box.FirstContentBox();
        if (content is not null && content.Payload.Span.IndexOfAnyExcept((byte)0) < 0) return; // zeroed (redacted) ingredient
        CborValue ingredient;
        try
        {
            if (content is null || content.Type != "cbor") throw new CandorFormatException("the ingredient assertion has no CBOR content box", box.Offset);
            ingredient = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
            if (ingredient.Kind != CborValueKind.Map) throw new CandorFormatException("the ingredient assertion is not a map", content.PayloadOffset);
        }
        catch (CandorFormatException e)
        {
            report.Add(C2paStatusCodes.IngredientMalformed, uri, $"the ingredient assertion cannot be read: {e.Describe()}", manifest.Label);
            return;
        }
        if (ingredient.GetText("relationship") == "inputTo") return;
        stored[uri] = StoredCodes(ingredient);

        var reference = (ingredient["activeManifest"] ?? ingredient["c2pa_manifest"])?.Untagged;
        if (reference is null || reference.Kind != CborValueKind.Map)
        {
            var title = ingredient.GetText("dc:title") ?? "no title";
            report.Add(C2paStatusCodes.IngredientUnknownProvenance, uri, $"{title}: the ingredient has no manifest of its own", manifest.Label);
            return;
        }
        if (baseLabel == "c2pa.ingredient.v3" && ingredient["validationResults"] is null)
            report.Add(C2paStatusCodes.IngredientMalformed, uri, "a v3 ingredient with a manifest must carry validationResults", manifest.Label);

        var url = reference.GetText("url") ?? "";
        var targetLabel = ManifestLabelFromUri(url);
        var target = targetLabel is null ? null : store.Find(targetLabel);
        if (target is null)
        {
            report.Add(C2paStatusCodes.IngredientManifestMissing, targetLabel ?? url,
                $"the ingredient's manifest '{targetLabel ?? url}' is not in the store", targetLabel ?? url);
            return;
        }

        var algName = reference.GetText("alg") ?? target.Claim?.GetText("alg") ?? "sha256";
        var expected = reference["hash"]?.Untagged.Bytes ?? ReadOnlyMemory<byte>.Empty;
        if (!C2paHashAlgorithms.TryGet(algName, out var algorithm))
        {
            report.Add(C2paStatusCodes.AlgorithmUnsupported, url, $"hash algorithm '{algName}' is not supported", manifest.Label);
        }
        else if (C2paHashAlgorithms.Hash(algorithm, target.Box.Payload.Span).AsSpan().SequenceEqual(expected.Span))
        {
            report.Add(C2paStatusCodes.IngredientManifestValidated, url, $"{algName} of manifest '{target.Label}' matches the ingredient's reference", manifest.Label);
        }
        else if (!target.ClaimBytes.IsEmpty && C2paHashAlgorithms.Hash(algorithm, target.ClaimBytes.Span).AsSpan().SequenceEqual(expected.Span))
        {
            // Before C2PA 1.3 the reference hashed the claim, not the manifest box: it matches, and nothing more is said.
        }
        else
        {
            report.Add(C2paStatusCodes.IngredientManifestMismatch, url, $"{algName} of manifest '{target.Label}' differs from the ingredient's reference", manifest.Label);
        }

        if (!visited.Add(target.Label)) return; // a cycle of ingredients: each manifest is validated once
        ValidateClaim(store, target, trust, report);
        CheckIngredients(store, target, trust, report, stored, visited);
    }

    // What an ingredient assertion already records of its manifest's validation: v1/v2
    // "validationStatus" [{code}], v3 "validationResults" {activeManifest: {success,
    // informational, failure}, ingredientDeltas: [{validationDeltas: {…}}]}. Returns every code
    // and, apart, the failures (a v1/v2 code counts as one when the status table says so).
    private static (HashSet<string> All, List<string> Failures) StoredCodes(CborValue ingredient)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        void AddAll(CborValue? list, bool? failure)
        {
            foreach (var item in list?.Untagged.Items ?? [])
            {
                if (item.Untagged.GetText("code") is not { } code) continue;
                codes.Add(code);
                var isFailure = failure ?? (C2paStatusCodes.Kinds.TryGetValue(code, out var kind) && kind == C2paStatusKind.Failure);
                if (isFailure && !failures.Contains(code)) failures.Add(code);
            }
        }
        void AddLists(CborValue? map)
        {
            if (map is null) return;
            AddAll(map.Untagged["success"], false);
            AddAll(map.Untagged["informational"], false);
            AddAll(map.Untagged["failure"], true);
        }
        AddAll(ingredient["validationStatus"], null);
        var results = ingredient["validationResults"]?.Untagged;
        if (results is not null)
        {
            AddLists(results["activeManifest"]);
            foreach (var delta in results["ingredientDeltas"]?.Untagged.Items ?? [])
                AddLists(delta.Untagged["validationDeltas"]);
        }
        return (codes, failures);
    }

    /// <summary>
    /// The manifest label a JUMBF URI names: "self#jumbf=/c2pa/LABEL[/…]" (or without the leading
    /// '/', as older writers do); null when the URI names none.
    /// </summary>
    public static string? ManifestLabelFromUri(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith(UriPrefix, StringComparison.Ordinal)) return null;
        var parts = url[UriPrefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0] == "c2pa" ? parts[1] : null;
    }

    [GeneratedRegex("""provenance\s*=\s*["']([^"']+)["']|<dcterms:provenance>\s*([^<\s]+)\s*</dcterms:provenance>""")]
    private static partial Regex ProvenancePattern();

    /// <summary>The remote manifest URL an asset's XMP names in <c>dcterms:provenance</c>, or null.</summary>
    public static string? FindRemoteManifestUrl(ContainerScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        foreach (var xmp in scan.Payloads.Where(p => p.Kind == PayloadKind.Xmp))
        {
            if (xmp.Data.AsSpan().IndexOf("provenance"u8) < 0) continue;
            var text = Encoding.UTF8.GetString(xmp.Data);
            var match = ProvenancePattern().Match(text);
            if (match.Success) return match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        }
        return null;
    }
}
