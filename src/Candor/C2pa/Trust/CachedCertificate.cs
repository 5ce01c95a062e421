using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>
/// A certificate held by <see cref="CertificateCache"/> with what validation derives from it,
/// each worked out once: whether its fields decode, its C2PA profile violation, its public key.
/// The cache owns the certificate and the keys: nobody disposes them.
/// </summary>
internal sealed class CachedCertificate
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    private readonly Lazy<string?> _unreadable;
    private readonly Lazy<string?> _profileViolation;
    private readonly Lazy<ECDsa?> _ecdsa;
    private readonly Lazy<RSA?> _rsa;

    internal CachedCertificate(X509Certificate2 certificate, byte[] sha256)
    {
        Certificate = certificate;
        Sha256 = sha256;
        _unreadable = new(() => CredentialChain.Unreadable(certificate));
        _profileViolation = new(() => C2paCertificateProfile.FindViolation(certificate));
        _ecdsa = new(certificate.GetECDsaPublicKey);
        _rsa = new(() => RsaPublicKey(certificate));
    }

    /// <summary>The certificate (owned by the cache: never dispose it).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of the DER encoding.</summary>
    public byte[] Sha256 { get; }

    /// <summary>Why a field the checks read cannot be decoded, or null (<see cref="CredentialChain.Unreadable"/>).</summary>
    public string? Unreadable => _unreadable.Value;

    /// <summary>How the certificate breaks the C2PA signer profile, or null (<see cref="C2paCertificateProfile.FindViolation"/>).</summary>
    public string? ProfileViolation => _profileViolation.Value;

    /// <summary>The EC public key, or null when the key is not EC. Use it only while holding <see cref="KeyLock"/>.</summary>
    /// <exception cref="CryptographicException">The key cannot be decoded.</exception>
    public ECDsa? EcdsaKey => _ecdsa.Value;

    /// <summary>The RSA public key (rsaEncryption or RSASSA-PSS), or null. Use it only while holding <see cref="KeyLock"/>.</summary>
    /// <exception cref="CryptographicException">The key cannot be decoded.</exception>
    public RSA? RsaKey => _rsa.Value;

    /// <summary>Held while a key of this certificate verifies: the keys are shared by every thread.</summary>
    public Lock KeyLock { get; } = new();

    // RSASSA-PSS certificates (key OID 1.2.840.113549.1.1.10) hold a plain RSAPublicKey that
    // GetRSAPublicKey does not accept; import it directly.
    private static RSA? RsaPublicKey(X509Certificate2 certificate)
    {
        var keyOid = certificate.PublicKey.Oid.Value;
        if (keyOid == RsaEncryptionOid) return certificate.GetRSAPublicKey();
        if (keyOid != RsaPssOid) return null;
        var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(certificate.PublicKey.EncodedKeyValue.RawData, out _);
        return rsa;
    }
}
