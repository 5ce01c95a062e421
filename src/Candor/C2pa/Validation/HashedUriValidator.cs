using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;

namespace Candor.C2pa.Validation;

// A hashed URI (C2PA 2.2 §8.4.2) as the claim lists it (CBOR map):
//
//   { "url": "self#jumbf=c2pa.assertions/<label>"                       relative to the manifest
//          | "self#jumbf=/c2pa/<manifest label>/c2pa.assertions/<label>", absolute in the store
//                                                                       (older files: no leading '/')
//     ?"alg": "sha256" | "sha384" | "sha512",                           missing → the claim's "alg"
//     "hash": bstr }
//
// The hash covers the target superbox as stored, minus its box header:
//
//   LBox u32 | TBox "jumb" | [XLBox u64] | jumd (UUID, toggles, label, [salt box c2sh]) | content boxes
//   \________ not hashed ______________/ \______________________ hashed ____________________________/
//
// Claim lists: v1 "assertions"; v2 "created_assertions" and "gathered_assertions".

/// <summary>
/// Checks every hashed URI a claim lists against the assertion superbox it points at, hashing
/// the exact stored bytes (never a re-encoding): <c>assertion.hashedURI.match</c> or
/// <c>.mismatch</c>, <c>assertion.missing</c> when the URI does not resolve,
/// <c>algorithm.unsupported</c> for a hash algorithm other than sha256/384/512.
/// </summary>
public static class HashedUriValidator
{
    private const string UriPrefix = "self#jumbf=";

    // Claim keys that hold lists of hashed URIs to assertions (v1, then v2).
    private static readonly string[] AssertionLists = ["assertions", "created_assertions", "gathered_assertions"];

    /// <summary>Checks the hashed URIs of every manifest in the store.</summary>
    public static void Validate(C2paManifestStore store, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var manifest in store.Manifests) ValidateManifest(store, manifest, report);
    }

    /// <summary>Checks the hashed URIs the claim of <paramref name="manifest"/> lists.</summary>
    public static void ValidateManifest(C2paManifestStore store, C2paManifestSummary manifest, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(report);
        var claim = manifest.Claim;
        if (claim is null) return;
        var claimAlg = claim.GetText("alg");
        foreach (var key in AssertionLists)
        {
            var list = claim[key]?.Untagged;
            if (list is null) continue;
            if (list.Kind != CborValueKind.Array)
            {
                report.Add(C2paStatusCodes.ClaimMalformed, null, $"the claim's '{key}' is not an array", manifest.Label);
                continue;
            }
            foreach (var item in list.Items) CheckUri(store, manifest, item.Untagged, claimAlg, key, report);
        }
    }

    /// <summary>The URLs of the hashed URIs the claim of <paramref name="manifest"/> lists, in order (malformed entries left out).</summary>
    public static IEnumerable<string> ClaimUrls(C2paManifestSummary manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var claim = manifest.Claim;
        if (claim is null) yield break;
        foreach (var key in AssertionLists)
            foreach (var item in claim[key]?.Untagged.Items ?? [])
                if (item.Untagged.GetText("url") is { } url) yield return url;
    }

    /// <summary>
    /// The superbox a JUMBF URI points at: relative paths start at <paramref name="manifest"/>,
    /// absolute ones ("/c2pa/&lt;manifest&gt;/…") at the store. Null when it does not resolve.
    /// </summary>
    public static JumbfBox? Resolve(C2paManifestStore store, C2paManifestSummary manifest, string url)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith(UriPrefix, StringComparison.Ordinal)) return null;
        var path = url.AsSpan(UriPrefix.Length);
        JumbfBox? box = manifest.Box;
        var absolute = path.StartsWith("/");
        var parts = path[(absolute ? 1 : 0)..].ToString().Split('/');
        // Older writers (Microsoft 2023, pre-1.0 Adobe) write absolute paths without the leading '/'.
        if (absolute || (parts.Length >= 2 && parts[0] == store.Box.Label))
        {
            if (parts.Length < 2 || parts[0] != store.Box.Label) return null;
            box = store.Find(parts[1])?.Box;
            return Walk(box, parts.AsSpan(2));
        }
        return Walk(box, parts);
    }

    private static JumbfBox? Walk(JumbfBox? box, ReadOnlySpan<string> labels)
    {
        foreach (var label in labels)
        {
            if (box is null) return null;
            box = box.ChildWithLabel(label);
        }
        return box;
    }

    private static void CheckUri(C2paManifestStore store, C2paManifestSummary manifest, CborValue item, string? claimAlg, string key, C2paHashReport report)
    {
        var url = item.GetText("url");
        var hash = item["hash"]?.Untagged;
        if (url is null || hash is null || hash.Kind != CborValueKind.Bytes)
        {
            report.Add(C2paStatusCodes.ClaimMalformed, url, $"an entry of the claim's '{key}' at byte {item.Offset} is not a hashed URI {{url, hash}}", manifest.Label);
            return;
        }
        var algName = item.GetText("alg") ?? claimAlg;
        if (!C2paHashAlgorithms.TryGet(algName, out var algorithm))
        {
            report.Add(C2paStatusCodes.AlgorithmUnsupported, url,
                algName is null ? "the hashed URI names no hash algorithm and the claim has no 'alg'" : $"hash algorithm '{algName}' is not supported", manifest.Label);
            return;
        }
        var target = Resolve(store, manifest, url);
        if (target is null)
        {
            report.Add(C2paStatusCodes.AssertionMissing, url, "the URI does not lead to a box in the manifest store", manifest.Label);
            return;
        }
        var actual = C2paHashAlgorithms.Hash(algorithm, target.Payload.Span);
        if (actual.AsSpan().SequenceEqual(hash.Bytes.Span))
            report.Add(C2paStatusCodes.HashedUriMatch, url, $"{algName} of box '{target.Label}' ({target.Payload.Length} bytes) matches", manifest.Label);
        else
            report.Add(C2paStatusCodes.HashedUriMismatch, url,
                $"{algName} of box '{target.Label}' ({target.Payload.Length} bytes) is {Convert.ToHexStringLower(actual)}, the claim says {Convert.ToHexStringLower(hash.Bytes.Span)}", manifest.Label);
    }
}
