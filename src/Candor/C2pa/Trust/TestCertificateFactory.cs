using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Candor.C2pa.Trust;

/// <summary>
/// Makes test signing credentials for <c>candor c2pa keygen</c>: a fresh P-384 root CA and a
/// signing certificate it issues that meets the C2PA certificate profile (key usage
/// digitalSignature, EKU c2pa-kp-claimSigning + emailProtection, AKI/SKI, 5 years). Every name
/// says it is a Candor TEST certificate, not for production. Keys are generated in memory and
/// only returned, never stored.
/// </summary>
public static class TestCertificateFactory
{
    /// <summary>The organisation name on every certificate the factory makes.</summary>
    public const string Organization = "Candor TEST certificate — not for production";

    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>How long the certificates are valid.</summary>
    public static TimeSpan Validity { get; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>
    /// A root CA and a signing certificate for <paramref name="algorithm"/> (ES256/384/512 on
    /// P-256/384/521, PS256/384/512 with a 3072-bit RSA key, or EdDSA with Ed25519), valid from
    /// <paramref name="notBefore"/> (default: an hour ago, against clock skew) for <see cref="Validity"/>.
    /// </summary>
    public static TestCertificateSet Create(CoseAlgorithm algorithm, DateTimeOffset? notBefore = null)
    {
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var until = from + Validity;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var caRequest = new CertificateRequest(Name("Candor TEST root CA"), caKey, HashAlgorithmName.SHA384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(from.AddDays(-1), until.AddDays(1));

        var subject = Name($"Candor TEST {algorithm} signer");
        return algorithm switch
        {
            CoseAlgorithm.Es256 => WithEc(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
            CoseAlgorithm.Es384 => WithEc(ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
            CoseAlgorithm.Es512 => WithEc(ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
            CoseAlgorithm.Ps256 or CoseAlgorithm.Ps384 or CoseAlgorithm.Ps512 => WithRsa(),
            CoseAlgorithm.EdDsa => WithEd25519(),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a C2PA signing algorithm"),
        };

        TestCertificateSet WithEc(ECCurve curve, HashAlgorithmName hash)
        {
            using var key = ECDsa.Create(curve);
            var request = new CertificateRequest(subject, key, hash);
            return Issue(request, ca, from, until, key.ExportPkcs8PrivateKeyPem());
        }

        TestCertificateSet WithRsa()
        {
            using var key = RSA.Create(3072);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            return Issue(request, ca, from, until, key.ExportPkcs8PrivateKeyPem());
        }

        TestCertificateSet WithEd25519()
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = generator.GenerateKeyPair();
            var publicKey = new PublicKey(new Oid(Ed25519Oid), null, new AsnEncodedData(((Ed25519PublicKeyParameters)pair.Public).GetEncoded()));
            var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA384);
            var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
            return Issue(request, ca, from, until, PemEncoding.WriteString("PRIVATE KEY", pkcs8));
        }
    }

    private static TestCertificateSet Issue(CertificateRequest request, X509Certificate2 ca, DateTimeOffset from, DateTimeOffset until, string keyPem)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(C2paCertificateProfile.ClaimSigningEku), new Oid(C2paCertificateProfile.EmailProtectionEku)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var caKey = ca.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the test CA has no private key");
        using var leaf = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from, until, serial);
        return new TestCertificateSet(
            leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n",
            keyPem + "\n",
            ca.ExportCertificatePem() + "\n");
    }

    private static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName($"{commonName} — not for production");
        builder.AddOrganizationName(Organization);
        return builder.Build();
    }
}
