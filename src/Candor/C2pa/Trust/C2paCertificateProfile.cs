using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

// The C2PA certificate profile (C2PA 2.x §14.5.1), as the reference validator (c2pa-rs
// check_certificate_profile) applies it to the claim signer's end-entity certificate:
//
//   X.509 v3; no issuer/subject unique IDs
//   signed with sha256/384/512WithRSA, ecdsa-with-SHA256/384/512, RSASSA-PSS (hash = MGF1 hash,
//     sha256/384/512) or Ed25519
//   key: EC on P-256/P-384/P-521, RSA or RSA-PSS modulus >= 2048 bits with an odd exponent >= 3, Ed25519
//   not a CA (basicConstraints cA) and not self-signed (issuer = subject)
//   keyUsage present: digitalSignature or nonRepudiation, never keyCertSign on an end entity
//   extKeyUsage present, no anyExtendedKeyUsage, at least one of emailProtection, documentSigning,
//     c2pa-kp-claimSigning, timeStamping, OCSPSigning; timeStamping and OCSPSigning only alone
//   authorityKeyIdentifier present; no critical extension Candor does not know

/// <summary>
/// Checks an end-entity certificate against the C2PA certificate profile (C2PA 2.x §14.5.1,
/// as c2pa-rs applies it). A violation is returned as plain text; validity dates are checked
/// separately by <see cref="IsValidAt"/>.
/// </summary>
public static class C2paCertificateProfile
{
    /// <summary>id-kp-emailProtection.</summary>
    public const string EmailProtectionEku = "1.3.6.1.5.5.7.3.4";
    /// <summary>id-kp-documentSigning.</summary>
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";
    /// <summary>c2pa-kp-claimSigning.</summary>
    public const string ClaimSigningEku = "1.3.6.1.4.1.62558.2.1";
    /// <summary>id-kp-timeStamping.</summary>
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    /// <summary>id-kp-OCSPSigning.</summary>
    public const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";
    /// <summary>anyExtendedKeyUsage, which C2PA forbids.</summary>
    public const string AnyEku = "2.5.29.37.0";

    private static readonly HashSet<string> SignerEkus = [EmailProtectionEku, DocumentSigningEku, ClaimSigningEku, TimeStampingEku, OcspSigningEku];

    private static readonly HashSet<string> SignatureAlgorithms =
    [
        "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", // sha256/384/512WithRSAEncryption
        "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4",       // ecdsa-with-SHA256/384/512
        RsaPssOid, Ed25519Oid,
    ];

    private static readonly HashSet<string> Sha2Oids = ["2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"];
    private static readonly HashSet<string> Curves = ["1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35"];

    // Extensions the reference understands; any other one marked critical breaks the profile.
    private static readonly HashSet<string> KnownExtensions =
    [
        "2.5.29.14", "2.5.29.35", "2.5.29.15", "2.5.29.32", "2.5.29.33", "2.5.29.17", "2.5.29.19",
        "2.5.29.30", "2.5.29.36", "2.5.29.37", "2.5.29.31", "2.5.29.54", "1.3.6.1.5.5.7.1.1",
        "2.16.840.1.113730.1.1", "2.5.29.20", "2.5.29.21", "2.5.29.24",
    ];

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string Mgf1Oid = "1.2.840.113549.1.1.8";

    /// <summary>True when <paramref name="time"/> lies inside the certificate's notBefore..notAfter.</summary>
    public static bool IsValidAt(X509Certificate2 certificate, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var utc = time.UtcDateTime;
        return utc >= certificate.NotBefore.ToUniversalTime() && utc <= certificate.NotAfter.ToUniversalTime();
    }

    /// <summary>
    /// Why <paramref name="certificate"/> breaks the profile for a C2PA claim signer, or null when
    /// it conforms. Never throws for a certificate that loaded; an unreadable field is a violation.
    /// </summary>
    public static string? FindViolation(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return FindViolationCore(certificate);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or FormatException)
        {
            return $"the certificate cannot be fully decoded ({e.Message})";
        }
    }

    /// <summary>True when the end-entity certificate's EKU names one of the signer purposes C2PA accepts.</summary>
    public static bool HasSignerEku(X509Certificate2 certificate) =>
        Ekus(certificate) is { } ekus && ekus.Any(SignerEkus.Contains) && !ekus.Contains(AnyEku);

    /// <summary>The OIDs of the certificate's extKeyUsage, or null when it has none.</summary>
    public static IReadOnlyList<string>? Ekus(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions["2.5.29.37"];
        if (extension is null) return null;
        var eku = new X509EnhancedKeyUsageExtension(extension, extension.Critical);
        return eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToList();
    }

    private static string? FindViolationCore(X509Certificate2 certificate)
    {
        if (certificate.Version != 3) return $"the certificate is X.509 v{certificate.Version}, C2PA requires v3";

        var signatureAlgorithm = certificate.SignatureAlgorithm.Value ?? "";
        if (!SignatureAlgorithms.Contains(signatureAlgorithm))
            return $"the certificate is signed with {Describe(certificate.SignatureAlgorithm)}, which C2PA does not allow";

        var tbs = ReadTbs(certificate.RawData);
        if (signatureAlgorithm == RsaPssOid && CheckPssParameters(tbs.SignatureParameters) is { } pssProblem) return pssProblem;
        if (tbs.HasUniqueIds) return "the certificate carries issuer or subject unique IDs, which C2PA forbids";

        if (CheckKey(certificate) is { } keyProblem) return keyProblem;

        var isCa = certificate.Extensions["2.5.29.19"] is { } bc && new X509BasicConstraintsExtension(bc, bc.Critical).CertificateAuthority;
        if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
            return "the certificate is self-signed (issuer = subject); a C2PA signer's certificate must be issued by a CA";
        if (isCa) return "the signing certificate is a CA certificate (basicConstraints cA = true), not an end entity";

        var ekus = Ekus(certificate);
        if (ekus is null) return "the certificate has no extended key usage; C2PA requires one (e.g. emailProtection, documentSigning or c2pa-kp-claimSigning)";
        if (ekus.Contains(AnyEku)) return "the certificate's extended key usage is anyExtendedKeyUsage, which C2PA forbids";
        if (!ekus.Any(SignerEkus.Contains)) return $"the certificate's extended key usage ({string.Join(", ", ekus)}) has none that C2PA accepts";
        var timeStamping = ekus.Contains(TimeStampingEku);
        var ocsp = ekus.Contains(OcspSigningEku);
        if ((timeStamping && ocsp) || ((timeStamping ^ ocsp) && ekus.Count > 1))
            return "timeStamping and OCSPSigning must each be the certificate's only extended key usage";

        if (certificate.Extensions["2.5.29.15"] is not { } kuExtension) return "the certificate has no key usage extension";
        var usages = new X509KeyUsageExtension(kuExtension, kuExtension.Critical).KeyUsages;
        if (usages.HasFlag(X509KeyUsageFlags.KeyCertSign)) return "an end-entity certificate must not have the keyCertSign key usage";
        if (!usages.HasFlag(X509KeyUsageFlags.DigitalSignature) && !usages.HasFlag(X509KeyUsageFlags.NonRepudiation))
            return $"the certificate's key usage ({usages}) lacks digitalSignature";

        if (certificate.Extensions["2.5.29.35"] is null) return "the certificate has no authority key identifier";
        foreach (var extension in certificate.Extensions)
            if (extension.Critical && !KnownExtensions.Contains(extension.Oid?.Value ?? ""))
                return $"the certificate has a critical extension {extension.Oid?.Value} that a validator cannot process";
        return null;
    }

    private static string? CheckKey(X509Certificate2 certificate)
    {
        var keyOid = certificate.PublicKey.Oid.Value ?? "";
        switch (keyOid)
        {
            case EcOid:
                {
                    var parameters = certificate.PublicKey.EncodedParameters?.RawData ?? [];
                    if (parameters.Length == 0) return "the EC key names no curve";
                    var curve = new AsnReader(parameters, AsnEncodingRules.DER).ReadObjectIdentifier();
                    return Curves.Contains(curve) ? null : $"the EC key is on curve {curve}; C2PA allows P-256, P-384 and P-521";
                }
            case RsaOid or RsaPssOid:
                {
                    var key = new AsnReader(certificate.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
                    var modulus = key.ReadInteger();
                    var exponent = key.ReadInteger();
                    var bits = modulus.IsZero ? 0 : (int)modulus.GetBitLength();
                    if (bits < 2048) return $"the RSA key is {bits} bits; C2PA requires at least 2048";
                    if (exponent < 3 || exponent.IsEven) return $"the RSA public exponent {exponent} is invalid (must be odd and at least 3)";
                    return null;
                }
            case Ed25519Oid:
                return certificate.PublicKey.EncodedParameters?.RawData is { Length: > 0 } ? "an Ed25519 key must not have parameters" : null;
            default:
                return $"the certificate's key type {Describe(certificate.PublicKey.Oid)} is not one C2PA allows";
        }
    }

    // RSASSA-PSS-params ::= SEQUENCE { [0] hashAlgorithm, [1] maskGenAlgorithm (MGF1 with a hash), [2] saltLength, [3] trailerField }
    private static string? CheckPssParameters(ReadOnlyMemory<byte>? parameters)
    {
        if (parameters is not { Length: > 2 } der) return "the RSA-PSS signature algorithm has no parameters";
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var mgfTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (!sequence.HasData || sequence.PeekTag() != hashTag) return "the RSA-PSS parameters name no hash algorithm";
        var hash = sequence.ReadSequence(hashTag).ReadSequence().ReadObjectIdentifier();
        if (!sequence.HasData || sequence.PeekTag() != mgfTag) return "the RSA-PSS parameters name no mask generation function";
        var mgf = sequence.ReadSequence(mgfTag).ReadSequence();
        var mgfOid = mgf.ReadObjectIdentifier();
        if (mgfOid != Mgf1Oid || !mgf.HasData) return $"the RSA-PSS mask generation function {mgfOid} is not MGF1";
        var mgfHash = mgf.ReadSequence().ReadObjectIdentifier();
        if (hash != mgfHash) return $"the RSA-PSS hash ({hash}) and MGF1 hash ({mgfHash}) differ";
        return Sha2Oids.Contains(hash) ? null : $"the RSA-PSS hash {hash} is not SHA-256, SHA-384 or SHA-512";
    }

    private sealed record Tbs(ReadOnlyMemory<byte>? SignatureParameters, bool HasUniqueIds);

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
    // TBSCertificate ::= SEQUENCE { [0] version, serial, signature AlgorithmIdentifier, issuer, validity,
    //                               subject, subjectPublicKeyInfo, [1] issuerUID, [2] subjectUID, [3] extensions }
    private static Tbs ReadTbs(byte[] der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        var algorithm = certificate.ReadSequence();
        algorithm.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : null;

        if (tbs.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)) tbs.ReadEncodedValue();
        for (var i = 0; i < 6; i++) tbs.ReadEncodedValue(); // serial, signature, issuer, validity, subject, spki
        var uniqueIds = false;
        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2) uniqueIds = true;
            tbs.ReadEncodedValue();
        }
        return new Tbs(parameters, uniqueIds);
    }

    private static string Describe(Oid oid) => oid.FriendlyName is { Length: > 0 } name ? $"{name} ({oid.Value})" : oid.Value ?? "an unknown algorithm";
}
