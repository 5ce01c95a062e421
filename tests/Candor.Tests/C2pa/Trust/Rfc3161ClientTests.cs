using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;

namespace Candor.Tests.C2pa.Trust;

public sealed class Rfc3161ClientTests : IDisposable
{
    private readonly LocalTimeStampAuthority _tsa = new();

    public void Dispose() => _tsa.Dispose();

    [Fact]
    public void A_token_from_the_tsa_verifies_over_the_stamped_bytes()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var bytes = new Rfc3161Client().RequestToken(_tsa.Url, data, HashAlgorithmName.SHA256);

        Assert.True(Rfc3161TimestampToken.TryDecode(bytes, out var token, out var read));
        Assert.Equal(bytes.Length, read);
        Assert.True(token!.VerifySignatureForData(data, out var signer));
        Assert.Equal("CN=Candor unit-test TSA", signer!.Subject);
        Assert.False(token.VerifySignatureForData([9, 9], out _));
    }

    [Fact]
    public void A_refusal_is_a_format_error_that_says_so()
    {
        _tsa.Mode = LocalTimeStampAuthority.Behaviour.Refuse;
        var error = Assert.Throws<CandorFormatException>(() => new Rfc3161Client().RequestToken(_tsa.Url, [1], HashAlgorithmName.SHA256));
        Assert.Contains("refused", error.Message);
    }

    [Fact]
    public void Garbage_is_a_format_error()
    {
        _tsa.Mode = LocalTimeStampAuthority.Behaviour.Garbage;
        Assert.Throws<CandorFormatException>(() => new Rfc3161Client().RequestToken(_tsa.Url, [1], HashAlgorithmName.SHA256));
    }

    [Fact]
    public void An_http_error_names_the_status()
    {
        _tsa.Mode = LocalTimeStampAuthority.Behaviour.HttpError;
        var error = Assert.Throws<HttpRequestException>(() => new Rfc3161Client().RequestToken(_tsa.Url, [1], HashAlgorithmName.SHA256));
        Assert.Contains("500", error.Message);
    }

    [Fact]
    public void A_sigtst2_over_the_signature_is_validated_trusted_and_sets_the_signing_time()
    {
        var (manifest, ca) = StampedManifest();
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };

        var result = CredentialValidator.Validate(manifest, new C2paTrustSettings([ca, _tsa.Root]), report);

        Assert.Empty(report.Failures);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampValidated);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampTrusted);
        Assert.Equal(_tsa.GenTime.ToUnixTimeSeconds(), result.TimeStampTime!.Value.ToUnixTimeSeconds());
        Assert.Equal(result.TimeStampTime, result.SigningTime);
    }

    [Fact]
    public void A_sigtst2_from_an_unknown_tsa_is_informational_untrusted_and_does_not_set_the_signing_time()
    {
        var (manifest, ca) = StampedManifest();
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
        var now = DateTimeOffset.UtcNow;

        var result = CredentialValidator.Validate(manifest, new C2paTrustSettings([ca]) { ValidationTime = now }, report);

        Assert.Empty(report.Failures);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampUntrusted && s.Kind == C2paStatusKind.Informational);
        Assert.Equal(now, result.SigningTime);
    }

    [Fact]
    public void A_sigtst2_over_other_bytes_is_a_mismatch()
    {
        var (manifest, ca) = StampedManifest(stampOtherBytes: true);
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };

        CredentialValidator.Validate(manifest, new C2paTrustSettings([ca, _tsa.Root]), report);

        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampMismatch);
        Assert.DoesNotContain(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampValidated);
    }

    private (Candor.C2pa.C2paManifestSummary Manifest, X509Certificate2 Ca) StampedManifest(bool stampOtherBytes = false)
    {
        var set = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        var chain = C2paTrustSettings.ReadPem(set.ChainPem, "chain");
        using var key = CoseSigningKey.FromPem(set.PrivateKeyPem);
        var client = new Rfc3161Client();
        var manifest = TestCredentials.SignedManifest(key, CoseAlgorithm.Es256, [chain[0], chain[1]], cose =>
        {
            var message = CoseTimeStamp.SigTst2Message(cose);
            if (stampOtherBytes) message[^1] ^= 1;
            var token = client.RequestToken(_tsa.Url, message, HashAlgorithmName.SHA256);
            return [(CoseTimeStamp.SigTst2Key, CoseTimeStamp.HeaderValue(token))];
        });
        return (manifest, chain[1]);
    }
}
