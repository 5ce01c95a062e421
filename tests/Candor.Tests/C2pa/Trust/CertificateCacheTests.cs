using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;

namespace Candor.Tests.C2pa.Trust;

public sealed class CertificateCacheTests
{
    private static readonly Lazy<X509Certificate2Collection> Chain = new(() =>
        C2paTrustSettings.ReadPem(TestCertificateFactory.Create(CoseAlgorithm.Es256).ChainPem, "chain"));

    [Fact]
    public void The_same_der_gives_the_certificate_loaded_the_first_time()
    {
        var der = Chain.Value[0].RawData;
        var first = CertificateCache.Get(der);
        var again = CertificateCache.Get(der.ToArray());
        Assert.Same(first, again);
        Assert.Equal(der, first.Certificate.RawData);
        Assert.Equal(SHA256.HashData(der), first.Sha256);
    }

    [Fact]
    public void Bytes_that_are_no_certificate_throw_every_time()
    {
        byte[] notACertificate = [0x30, 0x03, 0x02, 0x01, 0x00];
        Assert.ThrowsAny<CryptographicException>(() => CertificateCache.Get(notACertificate));
        Assert.ThrowsAny<CryptographicException>(() => CertificateCache.Get(notACertificate));
    }

    [Fact]
    public void It_never_holds_more_than_its_capacity()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i <= CertificateCache.Capacity; i++)
        {
            var request = new CertificateRequest($"CN=cache test {i}", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
            CertificateCache.Get(certificate.RawData);
            Assert.InRange(CertificateCache.Count, 1, CertificateCache.Capacity);
        }
    }

    [Fact]
    public void A_chain_result_is_worked_out_again_on_the_other_side_of_a_validity_bound()
    {
        var (leaf, root) = (Chain.Value[0], Chain.Value[1]);
        var inside = new DateTimeOffset(leaf.NotBefore.ToUniversalTime()).AddDays(1);
        var expired = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).AddDays(1);
        var anchors = new X509Certificate2Collection(root);

        Assert.Null(CredentialChain.Untrusted(leaf, [], anchors, inside, requiredEku: null));
        Assert.NotNull(CredentialChain.Untrusted(leaf, [], anchors, expired, requiredEku: null));
        Assert.Null(CredentialChain.Untrusted(leaf, [], anchors, inside.AddHours(1), requiredEku: null));
        Assert.NotNull(CredentialChain.Untrusted(leaf, [], [], inside, requiredEku: null));
    }
}
