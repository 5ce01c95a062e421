using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Validation;

namespace Candor.C2pa.Trust;

// A CAWG identity assertion (CAWG Identity Assertion 1.x §5), label "cawg.identity" (or "cawg.identity__N"):
//
//   { "signer_payload": { "referenced_assertions": [...], "sig_type": "cawg.x509.cose", … },
//     "signature": bstr,          ; for X.509: a COSE_Sign1 over the CBOR of signer_payload (detached)
//     "pad1": bstr, ? "pad2": bstr }
//
// The signer_payload bytes are taken exactly as written in the assertion.

/// <summary>
/// Checks the X.509 (<c>cawg.x509.cose</c>) credentials of a manifest's CAWG identity assertions:
/// the COSE signature over the signer payload (<c>cawg.x509.signature.validated / mismatch</c>,
/// <c>cawg.identity.invalid</c> when the assertion cannot be read) and the credential's chain
/// against the CAWG trust anchors, <see cref="C2paTrustSettings.CawgAnchors"/> (<c>cawg.x509.credential.trusted / untrusted</c>). Other credential
/// types (identity claims aggregation) are not checked and add nothing.
/// </summary>
public static class CawgIdentityValidator
{
    /// <summary>Label of a CAWG identity assertion (repeated ones end in <c>__N</c>).</summary>
    public const string AssertionLabel = "cawg.identity";

    /// <summary>sig_type of an X.509 COSE credential.</summary>
    public const string X509CoseSigType = "cawg.x509.cose";

    /// <summary>Adds the cawg.* statuses of every identity assertion of <paramref name="manifest"/> to <paramref name="report"/>.</summary>
    public static void Validate(C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(report);
        var assertions = manifest.Box.ChildWithLabel("c2pa.assertions");
        if (assertions is null) return;
        foreach (var box in assertions.Children)
        {
            if (!box.IsSuperbox || box.Label is not { } label || !IsIdentityLabel(label)) continue;
            var url = $"self#jumbf=/c2pa/{manifest.Label}/c2pa.assertions/{label}";
            foreach (var (code, message) in ValidateAssertion(box.FirstContentBox(), trust))
                report.Add(code, url, message, manifest.Label);
        }
    }

    private static bool IsIdentityLabel(string label) =>
        label == AssertionLabel || (label.StartsWith(AssertionLabel + "__", StringComparison.Ordinal) && label.Length > AssertionLabel.Length + 2 && label[(AssertionLabel.Length + 2)..].All(char.IsAsciiDigit));

    private static List<(string Code, string Message)> ValidateAssertion(Jumbf.JumbfBox? content, C2paTrustSettings trust)
    {
        if (content is null) return [(C2paStatusCodes.CawgIdentityInvalid, "the identity assertion has no content box")];
        CborValue assertion;
        try
        {
            assertion = CborValue.Read(content.Payload, content.PayloadOffset);
        }
        catch (CandorFormatException e)
        {
            return [(C2paStatusCodes.CawgIdentityInvalid, $"the identity assertion is not valid CBOR: {e.Describe()}")];
        }
        var signerPayload = assertion["signer_payload"];
        var signatureBytes = assertion["signature"]?.Untagged;
        if (signerPayload is null || signatureBytes is null || signatureBytes.Kind != CborValueKind.Bytes)
            return [(C2paStatusCodes.CawgIdentityInvalid, "the identity assertion lacks signer_payload or signature")];
        if (signerPayload.GetText("sig_type") != X509CoseSigType) return [];

        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Read(signatureBytes.Bytes, signatureBytes.Offset);
        }
        catch (CandorFormatException e)
        {
            return [(C2paStatusCodes.CawgIdentityInvalid, $"the identity signature is not a COSE_Sign1: {e.Describe()}")];
        }

        var statuses = new List<(string, string)>();
        var verification = cose.Verify(signerPayload.Encoded.Span);
        var valid = verification.Status == CoseVerificationStatus.Valid;
        statuses.Add(valid
            ? (C2paStatusCodes.CawgX509SignatureValidated, verification.Message)
            : (C2paStatusCodes.CawgX509SignatureMismatch, $"the identity signature does not verify over signer_payload: {verification.Message}"));

        if (cose.CertificateChain.Count == 0) return statuses;
        var (loaded, intermediates, problem) = CredentialChain.Load(cose.CertificateChain);
        if (loaded is not { } cached)
        {
            statuses.Add((C2paStatusCodes.CawgIdentityInvalid, $"a certificate of the identity credential cannot be read ({problem})"));
            return statuses;
        }
        if (cached.Unreadable is { } unreadable)
        {
            statuses.Add((C2paStatusCodes.CawgIdentityInvalid, $"the identity credential is damaged: {unreadable}"));
            return statuses;
        }
        var leaf = cached.Certificate;
        var untrusted = CredentialChain.Untrusted(leaf, intermediates, trust.CawgAnchors, trust.EffectiveTime, requiredEku: null);
        statuses.Add(untrusted is null
            ? (C2paStatusCodes.CawgX509CredentialTrusted, $"the identity credential '{leaf.Subject}' chains to a CAWG trust anchor")
            : (C2paStatusCodes.CawgX509CredentialUntrusted, $"the identity credential '{leaf.Subject}' is not trusted: {untrusted}"));
        if (valid && statuses.Count == 2) statuses.Add((C2paStatusCodes.CawgIdentityValidated, "the identity assertion is well-formed and its signature verifies"));
        return statuses;
    }
}
