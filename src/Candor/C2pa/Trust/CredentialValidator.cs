using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Validation;

namespace Candor.C2pa.Trust;

/// <summary>
/// Checks one manifest's claim signature and its credentials, the way the reference validator
/// (c2pa-rs) does, and reports them as C2PA status codes:
/// <list type="bullet">
/// <item>the COSE_Sign1 over the exact claim bytes: <c>claimSignature.validated / mismatch / missing</c>, <c>algorithm.unsupported</c>;</item>
/// <item>the RFC 3161 time-stamp (sigTst / sigTst2): <c>timeStamp.validated / trusted / untrusted / malformed / mismatch / outsideValidity</c>
/// (all but the first two informational); a verified time-stamp's time becomes the signing time;</item>
/// <item>the signer's certificate against the C2PA profile at the signing time: <c>signingCredential.expired / invalid</c>
/// (<see cref="C2paCertificateProfile"/>), and against the trust anchors: <c>signingCredential.trusted / untrusted</c>;</item>
/// <item>revocation: <c>signingCredential.ocsp.skipped</c> unless the signature staples OCSP responses (rVals); a stapled
/// response from a trusted responder gives <c>signingCredential.ocsp.notRevoked</c> or <c>signingCredential.revoked</c>.</item>
/// </list>
/// </summary>
public static class CredentialValidator
{
    private const string SignatureLabel = "c2pa.signature";

    /// <summary>
    /// Validates the claim signature of <paramref name="manifest"/>, adds its statuses to
    /// <paramref name="report"/> (the failure that best explains the verdict first) and returns
    /// the summary. A manifest without a claim box adds nothing (that is <c>claim.missing</c>,
    /// reported elsewhere).
    /// </summary>
    public static CredentialValidationResult Validate(C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(report);
        var now = trust.EffectiveTime;
        var url = $"self#jumbf=/c2pa/{manifest.Label}/{SignatureLabel}";
        void Add(string code, string message) => report.Add(code, url, message, manifest.Label);
        var failed = new CredentialValidationResult(false, now, null, null, false);

        var claimBox = manifest.ClaimBox;
        if (claimBox?.FirstContentBox() is not { } claimContent) return failed;
        var claim = claimContent.Payload;

        if (manifest.Box.ChildWithLabel(SignatureLabel)?.FirstContentBox() is not { } signatureContent)
        {
            Add(C2paStatusCodes.ClaimSignatureMissing, "the manifest has no claim signature box (c2pa.signature)");
            return failed;
        }

        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Read(signatureContent.Payload, signatureContent.PayloadOffset);
        }
        catch (CandorFormatException e)
        {
            Add(C2paStatusCodes.ClaimSignatureMismatch, $"the claim signature cannot be read: {e.Describe()}");
            return failed;
        }
        if (cose.Algorithm is null)
        {
            Add(C2paStatusCodes.AlgorithmUnsupported, cose.AlgorithmId is { } id ? $"COSE algorithm {id} is not one C2PA allows" : "the claim signature names no algorithm");
            return failed;
        }
        if (cose.CertificateChain.Count == 0)
        {
            Add(C2paStatusCodes.SigningCredentialInvalid, "the claim signature carries no certificate (x5chain)");
            return failed;
        }

        var (loaded, intermediates, problem) = CredentialChain.Load(cose.CertificateChain);
        if (loaded is not { } cached)
        {
            Add(C2paStatusCodes.SigningCredentialInvalid, $"a certificate of the claim signature's x5chain cannot be read ({problem})");
            return failed;
        }
        var leaf = cached.Certificate;

        if (cached.Unreadable is { } unreadable)
        {
            Add(C2paStatusCodes.SigningCredentialInvalid, $"the signing certificate is damaged: {unreadable}");
            return failed with { SignatureValid = cose.Verify(claim.Span).Status == CoseVerificationStatus.Valid };
        }

        var timeStamp = CoseTimeStamp.Verify(cose, claim.Span, manifest.ClaimVersion >= 2, trust);
        var signingTime = timeStamp.SigningTime ?? now;
        var when = timeStamp.SigningTime is null ? $"now ({signingTime:u})" : $"the time-stamp's time ({signingTime:u})";

        var statuses = new List<(string Code, string Message)>();
        var verification = cose.Verify(claim.Span);
        var signatureValid = verification.Status == CoseVerificationStatus.Valid;
        statuses.Add(verification.Status switch
        {
            CoseVerificationStatus.Valid => (C2paStatusCodes.ClaimSignatureValidated, verification.Message),
            CoseVerificationStatus.UnsupportedAlgorithm => (C2paStatusCodes.AlgorithmUnsupported, verification.Message),
            _ => (C2paStatusCodes.ClaimSignatureMismatch, verification.Message),
        });

        if (!C2paCertificateProfile.IsValidAt(leaf, signingTime))
            statuses.Add((C2paStatusCodes.SigningCredentialExpired, $"the signing certificate '{leaf.Subject}' is valid {leaf.NotBefore.ToUniversalTime():u} .. {leaf.NotAfter.ToUniversalTime():u}, not at {when}"));
        else if (cached.ProfileViolation is { } violation)
            statuses.Add((C2paStatusCodes.SigningCredentialInvalid, $"the signing certificate '{leaf.Subject}' breaks the C2PA certificate profile: {violation}"));
        else
            statuses.Add((C2paStatusCodes.ClaimSignatureInsideValidity, $"the signing certificate is valid at {when}"));

        var untrusted = CredentialChain.Untrusted(leaf, intermediates, trust.Anchors, signingTime, requiredEku: null);
        statuses.Add(untrusted is null
            ? (C2paStatusCodes.SigningCredentialTrusted, $"the signing certificate '{leaf.Subject}' chains to a trust anchor")
            : (C2paStatusCodes.SigningCredentialUntrusted, $"the signing certificate '{leaf.Subject}' is not trusted: {untrusted}"));

        statuses.AddRange(timeStamp.Statuses);
        var staples = StapledOcspResponses(cose);
        if (staples.Count == 0)
            statuses.Add((C2paStatusCodes.SigningCredentialOcspSkipped, trust.AllowNetwork
                ? "no OCSP response is stapled to the signature and Candor does not query OCSP responders"
                : "no OCSP response is stapled to the signature and the network is not allowed"));
        else if (OcspStaple.Check(staples, leaf, intermediates, trust, signingTime) is { } revocation)
            statuses.Add(revocation);

        // A stable insertion sort by rank: a handful of statuses, and no LINQ ordering machinery per validation.
        for (var i = 1; i < statuses.Count; i++)
        {
            var item = statuses[i];
            var rank = Rank(item.Code);
            var j = i - 1;
            for (; j >= 0 && Rank(statuses[j].Code) > rank; j--) statuses[j + 1] = statuses[j];
            statuses[j + 1] = item;
        }
        foreach (var (code, message) in statuses)
            Add(code, message);
        return new CredentialValidationResult(signatureValid, signingTime, leaf, timeStamp.GenTime, untrusted is null);
    }

    // The failure that best explains the verdict comes first: a broken signature, then a revoked,
    // expired or non-conforming certificate, then a missing trust chain; successes and
    // informational statuses follow in the order they were found (the sort is stable).
    private static int Rank(string code) => code switch
    {
        C2paStatusCodes.ClaimSignatureMismatch or C2paStatusCodes.AlgorithmUnsupported => 0,
        C2paStatusCodes.SigningCredentialRevoked => 1,
        C2paStatusCodes.SigningCredentialExpired or C2paStatusCodes.SigningCredentialInvalid => 2,
        C2paStatusCodes.SigningCredentialUntrusted => 3,
        _ => C2paStatusCodes.Kinds[code] == C2paStatusKind.Failure ? 4 : 5,
    };

    // rVals = { "ocspVals": [ bstr OCSPResponse, … ] } (C2PA 2.x §10.3.2.6): the stapled responses.
    private static List<ReadOnlyMemory<byte>> StapledOcspResponses(CoseSign1 cose)
    {
        var values = cose.UnprotectedHeader["rVals"]?.Untagged["ocspVals"]?.Untagged;
        return values is { Kind: CborValueKind.Array }
            ? [.. values.Items.Select(v => v.Untagged).Where(v => v.Kind == CborValueKind.Bytes && v.Bytes.Length > 0).Select(v => v.Bytes)]
            : [];
    }
}
