using Candor.C2pa.Jumbf;

namespace Candor.C2pa;

/// <summary>A C2PA manifest store as read by <see cref="ManifestStoreReader"/>: its manifests in store order.</summary>
public sealed class C2paManifestStore
{
    /// <summary>The store superbox (label "c2pa").</summary>
    public required JumbfBox Box { get; init; }

    /// <summary>Manifests in store order; the active manifest is the last.</summary>
    public required IReadOnlyList<C2paManifestSummary> Manifests { get; init; }

    /// <summary>The active manifest (the last in the store), or null for an empty store.</summary>
    public C2paManifestSummary? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Problems with the store itself that did not stop reading (trailing bytes, unknown boxes).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The manifest with this label, or null.</summary>
    public C2paManifestSummary? Find(string label)
    {
        foreach (var m in Manifests)
            if (string.Equals(m.Label, label, StringComparison.Ordinal)) return m;
        return null;
    }
}
