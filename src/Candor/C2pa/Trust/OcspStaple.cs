using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Validation;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace Candor.C2pa.Trust;

// An OCSP response stapled to a claim signature (COSE unprotected "rVals": {"ocspVals": [bstr, …]},
// C2PA 2.x §10.3.2.6), an RFC 6960 OCSPResponse:
//
//   OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED (0 successful), responseBytes [0] { id-pkix-ocsp-basic, BasicOCSPResponse } }
//   BasicOCSPResponse ::= SEQUENCE { tbsResponseData { responderID, producedAt, responses SEQUENCE OF SingleResponse },
//                                    signatureAlgorithm, signature, certs [0] OPTIONAL }
//   SingleResponse ::= SEQUENCE { certID { hash, issuerNameHash, issuerKeyHash, serialNumber }, certStatus, thisUpdate, nextUpdate }
//
// As in the reference, a stapled answer only counts when it is about the signer's certificate,
// current at the signing time, and signed by a responder certificate carried in the response
// that has the OCSPSigning EKU and chains to a trust anchor. Otherwise it is ignored (no status).

/// <summary>Reads stapled OCSP responses and reports the signer's revocation status.</summary>
internal static class OcspStaple
{
    /// <summary>
    /// The revocation status that the usable stapled response in <paramref name="responses"/> gives
    /// for <paramref name="leaf"/> at <paramref name="time"/>: <c>signingCredential.revoked</c> or
    /// <c>signingCredential.ocsp.notRevoked</c>; null when no stapled response can be relied on.
    /// </summary>
    public static (string Code, string Message)? Check(IEnumerable<ReadOnlyMemory<byte>> responses, X509Certificate2 leaf,
        X509Certificate2Collection intermediates, C2paTrustSettings trust, DateTimeOffset time)
    {
        // Only a responder that chains to an anchor counts, so with none there is nothing to check
        // (and the responder's signature, checked in managed code, is the costly part).
        if (trust.Anchors.Count == 0) return null;
        var issuer = intermediates.Cast<X509Certificate2>().Concat(trust.Anchors.Cast<X509Certificate2>())
            .FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData));
        if (issuer is null) return null;
        var parser = new BcCertificateParser();
        var bcLeaf = parser.ReadCertificate(leaf.RawData);
        var bcIssuer = parser.ReadCertificate(issuer.RawData);
        foreach (var der in responses)
        {
            try
            {
                if (CheckOne(der.ToArray(), bcLeaf, bcIssuer, intermediates, trust, time) is { } status) return status;
            }
            catch (Exception e) when (e is OcspException or IOException or ArgumentException or InvalidCastException
                or Org.BouncyCastle.Security.Certificates.CertificateException or Org.BouncyCastle.Security.SecurityUtilityException
                or System.Security.Cryptography.CryptographicException or InvalidOperationException)
            {
                // An unreadable staple is ignored, as the reference does.
            }
        }
        return null;
    }

    // (hash, RSA PKCS #1 v1.5 or ECDSA) of the response signature algorithms the platform's crypto checks.
    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool Rsa)> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.5"] = (HashAlgorithmName.SHA1, true),
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, true),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, true),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, true),
        ["1.2.840.10045.4.1"] = (HashAlgorithmName.SHA1, false),
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, false),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, false),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, false),
    };

    // The certificate (from the certificate cache) when its key made the response's signature, else null.
    // The common RSA and ECDSA algorithms are checked with the platform's crypto: BouncyCastle's RSA key
    // import tests the modulus for primality, which took ~100 ms per response; others go to BouncyCastle.
    private static CachedCertificate? Responder(BasicOcspResp basic, BcCertificate candidate)
    {
        var cached = CertificateCache.Get(candidate.GetEncoded());
        if (!SignatureAlgorithms.TryGetValue(basic.SignatureAlgorithm.Algorithm.Id, out var algorithm))
            return basic.Verify(candidate.GetPublicKey()) ? cached : null;
        var signed = basic.GetTbsResponseData();
        var signature = basic.GetSignature();
        try
        {
            if (algorithm.Rsa)
            {
                if (cached.RsaKey is not { } rsa) return null;
                lock (cached.KeyLock) return rsa.VerifyData(signed, signature, algorithm.Hash, RSASignaturePadding.Pkcs1) ? cached : null;
            }
            if (cached.EcdsaKey is not { } ec) return null;
            lock (cached.KeyLock) return ec.VerifyData(signed, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence) ? cached : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static (string Code, string Message)? CheckOne(byte[] der, BcCertificate leaf, BcCertificate issuer,
        X509Certificate2Collection intermediates, C2paTrustSettings trust, DateTimeOffset time)
    {
        var response = new OcspResp(der);
        if (response.Status != OcspRespStatus.Successful || response.GetResponseObject() is not BasicOcspResp basic) return null;

        var certificates = basic.GetCerts();
        var responder = certificates.Select(c => Responder(basic, c)).FirstOrDefault(c => c is not null);
        if (responder is null) return null;
        var responderCertificate = responder.Certificate;
        var extra = new X509Certificate2Collection(intermediates);
        foreach (var certificate in certificates) extra.Add(CertificateCache.Get(certificate.GetEncoded()).Certificate);
        if (CredentialChain.Untrusted(responderCertificate, extra, trust.Anchors, time, C2paCertificateProfile.OcspSigningEku) is not null) return null;

        var at = time.UtcDateTime;
        foreach (var single in basic.Responses)
        {
            var id = single.GetCertID();
            if (!id.SerialNumber.Equals(leaf.SerialNumber) || !id.MatchesIssuer(issuer)) continue;
            if (single.ThisUpdate > at.AddMinutes(5) || (single.NextUpdate is { } next && next < at)) continue;
            var status = single.GetCertStatus();
            if (status is RevokedStatus revoked && revoked.RevocationTime <= at)
                return (C2paStatusCodes.SigningCredentialRevoked, $"the stapled OCSP response of '{responderCertificate.Subject}' says the signing certificate was revoked on {revoked.RevocationTime:u}");
            if (status == CertificateStatus.Good)
                return (C2paStatusCodes.SigningCredentialOcspNotRevoked, $"the stapled OCSP response of '{responderCertificate.Subject}' says the signing certificate is not revoked");
        }
        return null;
    }
}
