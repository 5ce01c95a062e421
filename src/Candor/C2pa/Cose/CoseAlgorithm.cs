namespace Candor.C2pa.Cose;

/// <summary>COSE signature algorithms C2PA allows (IANA COSE Algorithms registry; the value is the header label 1 value).</summary>
public enum CoseAlgorithm
{
    /// <summary>ECDSA P-256 with SHA-256.</summary>
    Es256 = -7,
    /// <summary>ECDSA P-384 with SHA-384.</summary>
    Es384 = -35,
    /// <summary>ECDSA P-521 with SHA-512.</summary>
    Es512 = -36,
    /// <summary>RSASSA-PSS with SHA-256 (salt length 32).</summary>
    Ps256 = -37,
    /// <summary>RSASSA-PSS with SHA-384 (salt length 48).</summary>
    Ps384 = -38,
    /// <summary>RSASSA-PSS with SHA-512 (salt length 64).</summary>
    Ps512 = -39,
    /// <summary>EdDSA; C2PA allows only Ed25519.</summary>
    EdDsa = -8,
}
