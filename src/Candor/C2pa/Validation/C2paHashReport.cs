namespace Candor.C2pa.Validation;

/// <summary>
/// The result of the hash checks on a manifest store: every status in the order the checks
/// ran, each tagged with its manifest. Signatures and certificates are not part of it.
/// </summary>
public sealed class C2paHashReport
{
    private readonly List<C2paStatus> _statuses = [];

    /// <summary>Label of the active manifest (the last in the store), or null for an empty store.</summary>
    public string? ActiveManifestLabel { get; init; }

    /// <summary>
    /// The ingredient assertion being checked, stamped on every status added meanwhile
    /// (<see cref="C2paStatus.IngredientUri"/>); null while the active manifest itself is checked.
    /// </summary>
    public string? IngredientUri { get; set; }

    /// <summary>Every status, in the order the checks ran.</summary>
    public IReadOnlyList<C2paStatus> Statuses => _statuses;

    /// <summary>The failures, in order.</summary>
    public IEnumerable<C2paStatus> Failures => _statuses.Where(s => s.Kind == C2paStatusKind.Failure);

    /// <summary>True when no check failed.</summary>
    public bool Passed => !Failures.Any();

    /// <summary>The statuses of one manifest.</summary>
    public IEnumerable<C2paStatus> For(string manifestLabel) => _statuses.Where(s => s.ManifestLabel == manifestLabel);

    /// <summary>
    /// Adds a status; its kind comes from <see cref="C2paStatusCodes.Kinds"/> (a code missing
    /// from that table is a programming error: <see cref="ArgumentException"/>).
    /// </summary>
    public void Add(string code, string? url, string message, string manifestLabel)
    {
        if (!C2paStatusCodes.Kinds.TryGetValue(code, out var kind)) throw new ArgumentException($"'{code}' is not a known status code", nameof(code));
        _statuses.Add(new C2paStatus(code, kind, url, message, manifestLabel) { IngredientUri = IngredientUri });
    }
}
