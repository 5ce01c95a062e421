// TEMPORARY STUB — replaced by the credentials work (wip-cred) at merge.
using Candor.C2pa.Cose;
using Candor.C2pa.Validation;
namespace Candor.C2pa.Trust;
/// <summary>Stub.</summary>
public static class CredentialValidator
{
    /// <summary>Stub.</summary>
    public static bool Validate(C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report)
    {
        var claim = (manifest.Box.ChildWithLabel("c2pa.claim.v2") ?? manifest.Box.ChildWithLabel("c2pa.claim"))!.FirstContentBox()!.Payload;
        var sigBox = manifest.Box.ChildWithLabel("c2pa.signature")?.FirstContentBox();
        if (sigBox is null) { report.Add(C2paStatusCodes.ClaimSignatureMissing, null, "no signature", manifest.Label); return false; }
        bool ok; try { ok = CoseSign1.Read(sigBox.Payload).Verify(claim.Span).IsValid; } catch (CandorFormatException) { ok = false; }
        report.Add(ok ? C2paStatusCodes.ClaimSignatureValidated : C2paStatusCodes.ClaimSignatureMismatch, null, "stub", manifest.Label);
        report.Add(C2paStatusCodes.SigningCredentialUntrusted, null, "stub", manifest.Label);
        return ok;
    }
}
/// <summary>Stub.</summary>
public static class CawgIdentityValidator
{
    /// <summary>Stub.</summary>
    public static void Validate(C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report) { }
}
