using System.Security.Cryptography;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Jumbf;
using Candor.C2pa.Validation;

namespace Candor.C2pa.Signing;

/// <summary>
/// The manifest store an input already carries: its manifest boxes (kept, byte for byte, at the
/// front of the new store) and what the parentOf ingredient says about its active manifest —
/// hashed URIs to the manifest and its signature, and the results of Candor's own checks.
/// </summary>
internal sealed class ParentManifest
{
    private ParentManifest(IReadOnlyList<byte[]> manifestBoxes, string activeLabel, string? title, byte[] manifestHash, byte[] signatureHash, List<C2paStatus> statuses)
    {
        Title = title;
        ManifestBoxes = manifestBoxes;
        ActiveLabel = activeLabel;
        ManifestHash = manifestHash;
        SignatureHash = signatureHash;
        Statuses = statuses;
    }

    /// <summary>Every manifest superbox of the old store, in order, as raw bytes.</summary>
    public IReadOnlyList<byte[]> ManifestBoxes { get; }

    /// <summary>Label of the old active manifest (the last one).</summary>
    public string ActiveLabel { get; }

    /// <summary>The old active manifest's dc:title, or null.</summary>
    public string? Title { get; }

    /// <summary>SHA-256 of the active manifest superbox minus its 8-byte header.</summary>
    public byte[] ManifestHash { get; }

    /// <summary>SHA-256 of the active manifest's c2pa.signature superbox minus its header.</summary>
    public byte[] SignatureHash { get; }

    /// <summary>Candor's hash and signature checks of the active manifest, for validationResults.</summary>
    public List<C2paStatus> Statuses { get; }

    /// <summary>Reads the store of <paramref name="asset"/> (raw store bytes <paramref name="store"/>) and checks it.</summary>
    public static ParentManifest Read(byte[] asset, byte[] store, bool embedded)
    {
        var manifests = ManifestStoreReader.Read(store);
        var active = manifests.ActiveManifest ?? throw new CandorFormatException("the input's C2PA manifest store holds no manifest", 0, "C2PA store");
        var boxes = manifests.Box.Children.Where(c => c.IsSuperbox && c.Description!.TypeCode is "c2ma" or "c2um" or "c2cm").ToList();
        var activeRaw = boxes.LastOrDefault(b => b.Label == active.Label)
            ?? throw new CandorFormatException($"the input's active manifest '{active.Label}' is not in the store", 0, "C2PA store");
        var signatureBox = active.Box.ChildWithLabel("c2pa.signature")
            ?? throw new CandorFormatException($"the input's active manifest '{active.Label}' has no signature", active.Offset, "C2PA store");

        var report = embedded ? C2paHashValidation.Validate(new MemoryStream(asset, writable: false)) : null;
        var statuses = report?.For(active.Label).ToList() ?? [];
        statuses.AddRange(CheckSignature(active, signatureBox));
        return new ParentManifest(
            boxes.Select(b => b.Bytes.ToArray()).ToList(),
            active.Label,
            active.Title,
            SHA256.HashData(activeRaw.Bytes.Span[8..]),
            SHA256.HashData(signatureBox.Bytes.Span[8..]),
            statuses);
    }

    /// <summary>Writes the c2pa.ingredient.v3 map (key order as the reference implementation writes it); its dc:title is the parent's.</summary>
    public byte[] IngredientCbor(string format)
    {
        var title = Title;
        var w = new CborWriter();
        w.WriteStartMap(title is null ? 6 : 7);
        w.WriteTextString("relationship");
        w.WriteTextString("parentOf");
        w.WriteTextString("dc:format");
        w.WriteTextString(format);
        if (title is not null)
        {
            w.WriteTextString("dc:title");
            w.WriteTextString(title);
        }
        w.WriteTextString("validationResults");
        WriteValidationResults(w);
        w.WriteTextString("instanceID");
        w.WriteTextString($"xmp.iid:{Guid.NewGuid()}");
        w.WriteTextString("activeManifest");
        ManifestBuilder.WriteHashedUri(w, $"self#jumbf=/c2pa/{ActiveLabel}", ManifestHash, withAlg: true);
        w.WriteTextString("claimSignature");
        ManifestBuilder.WriteHashedUri(w, $"self#jumbf=/c2pa/{ActiveLabel}/c2pa.signature", SignatureHash, withAlg: true);
        return w.ToArray();
    }

    private void WriteValidationResults(CborWriter w)
    {
        w.WriteStartMap(1);
        w.WriteTextString("activeManifest");
        w.WriteStartMap(3);
        foreach (var (key, kind) in new[] { ("success", C2paStatusKind.Success), ("informational", C2paStatusKind.Informational), ("failure", C2paStatusKind.Failure) })
        {
            var list = Statuses.Where(s => s.Kind == kind).ToList();
            w.WriteTextString(key);
            w.WriteStartArray(list.Count);
            foreach (var s in list)
            {
                w.WriteStartMap(3);
                w.WriteTextString("code");
                w.WriteTextString(s.Code);
                w.WriteTextString("url");
                w.WriteTextString(AbsoluteUrl(s.Url));
                w.WriteTextString("explanation");
                w.WriteTextString(s.Message);
            }
        }
    }

    // Candor's report names a relative hashed URI or an assertion label; validationResults want absolute JUMBF URIs.
    private string AbsoluteUrl(string? url) => url switch
    {
        null => $"self#jumbf=/c2pa/{ActiveLabel}",
        _ when url.StartsWith("self#jumbf=/", StringComparison.Ordinal) => url,
        _ when url.StartsWith("self#jumbf=", StringComparison.Ordinal) => $"self#jumbf=/c2pa/{ActiveLabel}/{url["self#jumbf=".Length..]}",
        _ => $"self#jumbf=/c2pa/{ActiveLabel}/c2pa.assertions/{url}",
    };

    private static IEnumerable<C2paStatus> CheckSignature(C2paManifestSummary active, JumbfBox signatureBox)
    {
        var url = $"self#jumbf=/c2pa/{active.Label}/c2pa.signature";
        var claimBox = active.ClaimBox;
        var claim = claimBox?.FirstContentBox();
        var cose = signatureBox.FirstContentBox();
        if (claim is null || cose is null)
        {
            yield return new C2paStatus(C2paStatusCodes.ClaimSignatureMissing, C2paStatusKind.Failure, url, "the claim or its signature box is empty", active.Label);
            yield break;
        }
        CoseVerificationResult result;
        try
        {
            result = CoseSign1.Read(cose.Payload, cose.PayloadOffset).Verify(claim.Payload.Span);
        }
        catch (CandorFormatException e)
        {
            result = new CoseVerificationResult(CoseVerificationStatus.Malformed, e.Message);
        }
        if (result.Status != CoseVerificationStatus.Valid)
        {
            yield return new C2paStatus(C2paStatusCodes.ClaimSignatureMismatch, C2paStatusKind.Failure, url, result.Message, active.Label);
            yield break;
        }
        yield return new C2paStatus(C2paStatusCodes.ClaimSignatureValidated, C2paStatusKind.Success, url, result.Message, active.Label);
        if (active.Signature is { NotBefore: { } from, NotAfter: { } to } && DateTimeOffset.UtcNow >= from && DateTimeOffset.UtcNow <= to)
            yield return new C2paStatus(C2paStatusCodes.ClaimSignatureInsideValidity, C2paStatusKind.Success, url, "the signing certificate is inside its validity period", active.Label);
    }
}
