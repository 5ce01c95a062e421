namespace Candor.C2pa.Signing;

/// <summary>What <see cref="C2paSigner"/> wrote.</summary>
public sealed class C2paSignResult
{
    /// <summary>The new manifest's label, "urn:c2pa:&lt;uuid&gt;".</summary>
    public required string ManifestLabel { get; init; }

    /// <summary>The asset's container format ("PNG", "JPEG", "WebP").</summary>
    public required string Format { get; init; }

    /// <summary>The manifest store's size in bytes (all manifests, as JUMBF).</summary>
    public required int StoreSize { get; init; }

    /// <summary>True when the input already had a manifest store: it was kept and made the parent ingredient.</summary>
    public required bool HasParentIngredient { get; init; }

    /// <summary>For a sidecar signature: the path of the .c2pa file written (set by <see cref="C2paSigner.SignFile"/>); else null.</summary>
    public string? SidecarPath { get; init; }

    /// <summary>For a sidecar signature: the store bytes (the content of the .c2pa file); else null.</summary>
    public byte[]? SidecarStore { get; init; }
}
