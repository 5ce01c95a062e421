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

    /// <summary>Every status, in the order the checks ran.</summary>
    public IReadOnlyList<C2paStatus> Statuses => _statuses;

    /// <summary>The failures, in order.</summary>
    public IEnumerable<C2paStatus> Failures => _statuses.Where(s => s.Kind == C2paStatusKind.Failure);

    /// <summary>True when no check failed.</summary>
    public bool Passed => !Failures.Any();

    /// <summary>The statuses of one manifest.</summary>
    public IEnumerable<C2paStatus> For(string manifestLabel) => _statuses.Where(s => s.ManifestLabel == manifestLabel);

    /// <summary>Adds a status; its kind comes from <see cref="C2paStatusCodes.Kinds"/>.</summary>
    public void Add(string code, string? url, string message, string manifestLabel) =>
        _statuses.Add(new C2paStatus(code, C2paStatusCodes.Kinds[code], url, message, manifestLabel));
}
