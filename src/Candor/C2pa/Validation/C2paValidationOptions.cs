using Candor.C2pa.Trust;

namespace Candor.C2pa.Validation;

/// <summary>How <see cref="C2paValidator"/> validates: trust anchors, time, sidecar, network.</summary>
public sealed class C2paValidationOptions
{
    /// <summary>No anchors, no network: a sound manifest is Valid but never Trusted.</summary>
    public static C2paValidationOptions Default { get; } = new();

    /// <summary>Trust anchors, validation time and whether OCSP may be fetched.</summary>
    public C2paTrustSettings Trust { get; init; } = C2paTrustSettings.None;

    /// <summary>
    /// A <c>.c2pa</c> manifest store for an asset that does not embed one. When null and the asset
    /// is a file, <c>NAME.c2pa</c> beside <c>NAME.ext</c> is used if present.
    /// </summary>
    public string? SidecarPath { get; init; }

    /// <summary>
    /// Fetch a remote manifest named by the asset's XMP (<c>dcterms:provenance</c>). Off by
    /// default: the URL is reported and nothing leaves the machine.
    /// </summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Largest remote manifest accepted (default 16 MiB), enforced while it streams in.</summary>
    public int MaxRemoteManifestBytes { get; init; } = 16 << 20;

    /// <summary>
    /// How long fetching a remote manifest may take in all — connecting, the headers and the whole
    /// body (default 30 s) — so a server that trickles bytes cannot hold the validation. Must be positive.
    /// </summary>
    public TimeSpan RemoteManifestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
