using Candor.FileSystem;
using Candor.Formats;

namespace Candor.C2pa.Validation;

/// <summary>
/// Runs the hash checks on an image file: finds its embedded manifest store, checks every
/// hashed URI of every manifest (<see cref="HashedUriValidator"/>) and the active manifest's
/// hard binding (<see cref="DataHashValidator"/>). Signatures and certificates are not checked.
/// </summary>
public static class C2paHashValidation
{
    /// <summary>
    /// The hash report for the image at <paramref name="path"/>, or null when it embeds no C2PA
    /// manifest store. A malformed file or store raises <see cref="CandorFormatException"/>.
    /// </summary>
    public static C2paHashReport? Validate(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        return Validate(stream);
    }

    /// <summary>The hash report for the image in a readable, seekable stream, or null when it embeds no C2PA manifest store.</summary>
    public static C2paHashReport? Validate(Stream asset)
    {
        var scan = ContainerRegistry.Scan(asset);
        var payload = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa);
        if (payload is null) return null;
        var store = ManifestStoreReader.Read(payload.Data);
        var report = new C2paHashReport { ActiveManifestLabel = store.ActiveManifest?.Label };
        HashedUriValidator.Validate(store, report);
        DataHashValidator.Validate(store, asset, DataHashValidator.StoreRanges(scan, asset, payload), report);
        return report;
    }

    /// <summary>
    /// The hash report for an asset whose manifest store comes separately (a sidecar
    /// <c>.c2pa</c> file or a fetched remote manifest, <paramref name="store"/>). Nothing of the
    /// asset is part of the store, so the data hash must exclude no bytes at all.
    /// </summary>
    public static C2paHashReport ValidateSidecar(Stream asset, ReadOnlyMemory<byte> store)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var manifests = ManifestStoreReader.Read(store);
        var report = new C2paHashReport { ActiveManifestLabel = manifests.ActiveManifest?.Label };
        HashedUriValidator.Validate(manifests, report);
        DataHashValidator.Validate(manifests, asset, [], report);
        return report;
    }
}
