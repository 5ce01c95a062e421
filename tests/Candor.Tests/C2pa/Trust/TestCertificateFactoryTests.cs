using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;

namespace Candor.Tests.C2pa.Trust;

public class TestCertificateFactoryTests
{
    [Theory]
    [InlineData(CoseAlgorithm.Es256)]
    [InlineData(CoseAlgorithm.Es384)]
    [InlineData(CoseAlgorithm.Es512)]
    [InlineData(CoseAlgorithm.Ps256)]
    [InlineData(CoseAlgorithm.Ps512)]
    [InlineData(CoseAlgorithm.EdDsa)]
    public void A_generated_credential_signs_conforms_and_is_trusted_under_its_ca(CoseAlgorithm algorithm)
    {
        var set = TestCertificateFactory.Create(algorithm);
        var chain = C2paTrustSettings.ReadPem(set.ChainPem, "chain");
        var anchors = C2paTrustSettings.ReadPem(set.CaCertificatePem, "ca");
        Assert.Equal(2, chain.Count);
        Assert.Equal(anchors[0].Thumbprint, chain[1].Thumbprint);
        Assert.Contains("not for production", chain[0].Subject);
        Assert.Null(C2paCertificateProfile.FindViolation(chain[0]));

        using var key = CoseSigningKey.FromPem(set.PrivateKeyPem);
        var manifest = TestCredentials.SignedManifest(key, algorithm, [chain[0], chain[1]]);
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
        var result = CredentialValidator.Validate(manifest, new C2paTrustSettings(anchors), report);

        Assert.True(result.SignatureValid);
        Assert.True(result.Trusted, string.Join("; ", report.Statuses.Select(s => $"{s.Code}: {s.Message}")));
        Assert.Empty(report.Failures);
    }

    [Fact]
    public void Two_calls_make_different_keys_and_cas()
    {
        var a = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        var b = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        Assert.NotEqual(a.PrivateKeyPem, b.PrivateKeyPem);
        Assert.NotEqual(a.CaCertificatePem, b.CaCertificatePem);
    }
}
