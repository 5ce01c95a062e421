using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using static Candor.Tests.C2pa.Jumbf.JumbfReaderTests;

namespace Candor.Tests.C2pa.Trust;

/// <summary>Certificates and signed manifests made in code for the credential tests.</summary>
internal static class TestCredentials
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A P-256 root CA (with its key).</summary>
    public static X509Certificate2 RootCa(string name = "CN=Candor unit-test root")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddYears(-2), Now.AddYears(5));
    }

    /// <summary>
    /// A profile-conforming end-entity request (KU digitalSignature, EKU claimSigning + emailProtection,
    /// SKI; the AKI is added when issued) that <paramref name="tweak"/> may change.
    /// </summary>
    public static CertificateRequest LeafRequest(AsymmetricAlgorithm key, Action<CertificateRequest>? tweak = null, string name = "CN=Candor unit-test signer")
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(name, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => throw new ArgumentException("EC or RSA", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.62558.2.1"), new Oid("1.3.6.1.5.5.7.3.4")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        tweak?.Invoke(request);
        return request;
    }

    /// <summary>Issues <paramref name="request"/> under <paramref name="ca"/> (adding the AKI), valid <paramref name="from"/>..<paramref name="until"/>.</summary>
    public static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 ca, DateTimeOffset? from = null, DateTimeOffset? until = null)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var caKey = ca.GetECDsaPrivateKey()!;
        var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from ?? Now.AddDays(-1), until ?? Now.AddYears(1), RandomNumberGenerator.GetBytes(12));
        // A certificate made from a request carries no private key; tests sign with the key they hold.
        return issued;
    }

    /// <summary>Replaces the extension with <paramref name="oid"/> (or removes it when <paramref name="replacement"/> is null).</summary>
    public static void Replace(CertificateRequest request, string oid, X509Extension? replacement)
    {
        var existing = request.CertificateExtensions.FirstOrDefault(e => e.Oid?.Value == oid);
        if (existing is not null) request.CertificateExtensions.Remove(existing);
        if (replacement is not null) request.CertificateExtensions.Add(replacement);
    }

    /// <summary>
    /// A one-manifest store whose v2 claim is signed with <paramref name="key"/> and
    /// <paramref name="chain"/>; <paramref name="unprotected"/> may add entries (encoded CBOR values)
    /// to the signature's unprotected header. Returns the active manifest.
    /// </summary>
    public static C2paManifestSummary SignedManifest(CoseSigningKey key, CoseAlgorithm algorithm, IReadOnlyList<X509Certificate2> chain,
        Func<CoseSign1, IReadOnlyList<(string Key, byte[] Value)>>? unprotected = null, byte[]? claim = null)
    {
        claim ??= ClaimBytes();
        var signed = CoseSign1.Sign(claim, algorithm, key, chain);
        if (unprotected is not null)
        {
            var cose = CoseSign1.Read(signed);
            var entries = unprotected(cose);
            var writer = new CborWriter();
            writer.WriteTag(CoseSign1.Tag);
            writer.WriteStartArray(4);
            writer.WriteByteString(cose.ProtectedHeaderBytes.Span);
            writer.WriteStartMap(entries.Count);
            foreach (var (name, value) in entries)
            {
                writer.WriteTextString(name);
                writer.WriteEncodedValue(value);
            }
            writer.WriteNull();
            writer.WriteByteString(cose.Signature.Span);
            signed = writer.ToArray();
        }
        const string label = "urn:c2pa:00000000-0000-4000-8000-00000000c0de";
        var store = Superbox("c2pa", "c2pa",
            Superbox("c2ma", label,
                Superbox("c2as", "c2pa.assertions"),
                Superbox("c2cl", "c2pa.claim.v2", Box("cbor", claim)),
                Superbox("c2cs", "c2pa.signature", Box("cbor", signed))));
        return ManifestStoreReader.Read(store).ActiveManifest!;
    }

    /// <summary>A small CBOR claim map.</summary>
    public static byte[] ClaimBytes()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("instanceID");
        writer.WriteTextString("xmp:iid:candor-trust-test");
        return writer.ToArray();
    }
}
