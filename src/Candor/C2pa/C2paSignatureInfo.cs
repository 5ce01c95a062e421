namespace Candor.C2pa;

/// <summary>What the COSE_Sign1 claim signature says about its signer (read only, not verified).</summary>
public sealed class C2paSignatureInfo
{
    /// <summary>COSE algorithm name ("ES256", "PS256", "Ed25519"...) or the number when unknown; null when absent.</summary>
    public string? Algorithm { get; init; }

    /// <summary>Where the certificate chain was found: "protected header 33" or "unprotected header 'x5chain'".</summary>
    public string? CertificateSource { get; init; }

    /// <summary>SHA-256 of the signing (leaf) certificate's DER bytes, lower-case hex; null when there is none.</summary>
    public string? CertificateSha256 { get; init; }

    /// <summary>Number of certificates in x5chain.</summary>
    public int CertificateCount { get; init; }

    /// <summary>Leaf certificate subject common name (CN).</summary>
    public string? SubjectCommonName { get; init; }

    /// <summary>Leaf certificate subject organisation (O).</summary>
    public string? SubjectOrganization { get; init; }

    /// <summary>Leaf certificate issuer common name (CN).</summary>
    public string? IssuerCommonName { get; init; }

    /// <summary>Leaf certificate issuer organisation (O).</summary>
    public string? IssuerOrganization { get; init; }

    /// <summary>Leaf certificate validity start.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Leaf certificate validity end.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Leaf certificate serial number (hex).</summary>
    public string? SerialNumber { get; init; }
}
