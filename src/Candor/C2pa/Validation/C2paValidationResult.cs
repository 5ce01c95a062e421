namespace Candor.C2pa.Validation;

/// <summary>
/// The outcome of validating an asset's Content Credentials: either a verdict with every
/// status, split as the reference implementation splits them (active manifest, ingredient
/// deltas), or why there was nothing to validate (<see cref="Outcome"/>).
/// </summary>
public sealed class C2paValidationResult
{
    /// <summary>Whether a manifest store was validated, and if not, why.</summary>
    public required C2paValidationOutcome Outcome { get; init; }

    /// <summary>The verdict; null unless <see cref="Outcome"/> is <see cref="C2paValidationOutcome.Validated"/>.</summary>
    public C2paValidationState? State { get; init; }

    /// <summary>Plain-language reason when nothing was validated (no store, unreadable store, remote store not fetched).</summary>
    public string? Message { get; init; }

    /// <summary>
    /// When the outcome is <see cref="C2paValidationOutcome.Unreadable"/> because the file or its manifest store is
    /// malformed: what kind of problem it is (truncated, over a limit, unsupported, malformed). Null otherwise.
    /// </summary>
    public FormatErrorKind? ErrorKind { get; init; }

    /// <summary>The remote manifest URL the asset's XMP names (dcterms:provenance), when it names one.</summary>
    public string? RemoteManifestUrl { get; init; }

    /// <summary>Where the manifest store came from: "embedded", "sidecar FILE" or "remote URL".</summary>
    public string? StoreSource { get; init; }

    /// <summary>The store that was validated.</summary>
    public C2paManifestStore? Store { get; init; }

    /// <summary>Label of the active manifest.</summary>
    public string? ActiveManifestLabel => Store?.ActiveManifest?.Label;

    /// <summary>Every status in the order the checks ran (active manifest, then ingredients, depth first).</summary>
    public IReadOnlyList<C2paStatus> Statuses { get; init; } = [];

    /// <summary>
    /// The statuses that concern the active manifest: its own checks, and any status about a
    /// manifest the store does not hold (a missing ingredient manifest).
    /// </summary>
    public IReadOnlyList<C2paStatus> ActiveManifestStatuses { get; init; } = [];

    /// <summary>What validating each ingredient found beyond what its assertion recorded.</summary>
    public IReadOnlyList<C2paIngredientDelta> IngredientDeltas { get; init; } = [];

    /// <summary>Failures of the active manifest (<see cref="ActiveManifestStatuses"/>).</summary>
    public IEnumerable<C2paStatus> Failures => ActiveManifestStatuses.Where(s => s.Kind == C2paStatusKind.Failure);

    /// <summary>
    /// The failures behind an Invalid verdict, the active manifest's first and then the ingredients'
    /// deltas: every failure except <c>signingCredential.untrusted</c>, which alone never makes a
    /// manifest Invalid (the signer is simply not on a trust list).
    /// </summary>
    public IEnumerable<C2paStatus> VerdictFailures =>
        Failures.Concat(IngredientDeltas.SelectMany(d => d.Failures)).Where(f => f.Code != C2paStatusCodes.SigningCredentialUntrusted);

    /// <summary>Informational statuses of the active manifest.</summary>
    public IEnumerable<C2paStatus> Informational => ActiveManifestStatuses.Where(s => s.Kind == C2paStatusKind.Informational);
}
