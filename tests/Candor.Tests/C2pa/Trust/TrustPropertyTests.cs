using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Trust;

public sealed class TrustPropertyTests : IDisposable
{
    private static readonly Lazy<(TestCertificateSet Set, X509Certificate2Collection Chain)> Credential = new(() =>
    {
        var set = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        return (set, C2paTrustSettings.ReadPem(set.ChainPem, "chain"));
    });

    private readonly LocalTimeStampAuthority _tsa = new();

    public void Dispose() => _tsa.Dispose();

    private static Gen<(int Position, int Value, int Cut, bool Truncate)> Mutations =>
        from position in Gen.Choose(0, 1_000_000)
        from value in Gen.Choose(0, 255)
        from cut in Gen.Choose(0, 1_000_000)
        from truncate in Gen.Elements(false, false, false, true)
        select (position, value, cut, truncate);

    private static byte[] Mutate(byte[] seed, (int Position, int Value, int Cut, bool Truncate) m)
    {
        var bytes = seed.ToArray();
        bytes[m.Position % bytes.Length] = (byte)m.Value;
        return m.Truncate ? bytes[..(m.Cut % bytes.Length)] : bytes;
    }

    [Fact]
    public void Mutated_time_stamp_tokens_become_time_stamp_statuses_never_exceptions()
    {
        var (set, chain) = Credential.Value;
        using var key = CoseSigningKey.FromPem(set.PrivateKeyPem);
        var token = new Rfc3161Client().RequestToken(_tsa.Url, [1, 2, 3], HashAlgorithmName.SHA256);
        var trust = new C2paTrustSettings([chain[1], _tsa.Root]);

        Prop.ForAll(Arb.From(Mutations), m =>
        {
            var mutated = Mutate(token, m);
            var manifest = TestCredentials.SignedManifest(key, CoseAlgorithm.Es256, [chain[0], chain[1]],
                _ => [(CoseTimeStamp.SigTst2Key, CoseTimeStamp.HeaderValue(mutated))]);
            var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
            var result = CredentialValidator.Validate(manifest, trust, report);
            Assert.True(result.SignatureValid);
            // The token was made over other bytes, so it can never validate; whatever happened is a time-stamp status.
            Assert.DoesNotContain(report.Statuses, s => s.Code == C2paStatusCodes.TimeStampValidated);
            Assert.Contains(report.Statuses, s => s.Code.StartsWith("timeStamp.", StringComparison.Ordinal));
            Assert.All(report.Statuses.Where(s => s.Code.StartsWith("timeStamp.", StringComparison.Ordinal)), s => Assert.Equal(C2paStatusKind.Informational, s.Kind));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Mutated_signing_certificates_become_credential_statuses_never_exceptions()
    {
        var (set, chain) = Credential.Value;
        using var key = CoseSigningKey.FromPem(set.PrivateKeyPem);
        var leaf = chain[0].RawData;

        Prop.ForAll(Arb.From(Mutations), m =>
        {
            var mutated = Mutate(leaf, m);
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(mutated);
            }
            catch (CryptographicException)
            {
                return;
            }
            using (certificate)
            {
                _ = C2paCertificateProfile.FindViolation(certificate);
                var manifest = TestCredentials.SignedManifest(key, CoseAlgorithm.Es256, [certificate, chain[1]]);
                var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
                var result = CredentialValidator.Validate(manifest, new C2paTrustSettings([chain[1]]), report);
                // Trust needs a C2PA signer EKU, whatever else the mutation broke.
                if (result.Trusted) Assert.True(C2paCertificateProfile.HasSignerEku(certificate));
                Assert.Contains(report.Statuses, s => s.Code.StartsWith("signingCredential.", StringComparison.Ordinal));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Mutated_time_stamp_responses_only_raise_format_errors()
    {
        var response = new byte[] { 0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00 };
        var token = new Rfc3161Client().RequestToken(_tsa.Url, [7], HashAlgorithmName.SHA256);
        byte[] wrapped = [0x30, 0x82, (byte)((token.Length + 5) >> 8), (byte)(token.Length + 5), 0x30, 0x03, 0x02, 0x01, 0x00, .. token];
        Assert.Equal(token, Rfc3161Token.Extract(wrapped).ToArray());
        Assert.Throws<CandorFormatException>(() => Rfc3161Token.Extract(response));

        Prop.ForAll(Arb.From(Mutations), m =>
        {
            try
            {
                _ = Rfc3161Token.Extract(Mutate(wrapped, m));
            }
            catch (CandorFormatException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Mutated_pem_only_raises_format_errors_naming_the_source()
    {
        var pem = Encoding.ASCII.GetBytes(Credential.Value.Set.ChainPem);
        Prop.ForAll(Arb.From(Mutations), m =>
        {
            try
            {
                var certificates = C2paTrustSettings.ReadPem(Encoding.Latin1.GetString(Mutate(pem, m)), "mutated.pem");
                Assert.NotEmpty(certificates);
            }
            catch (CandorFormatException e)
            {
                Assert.Contains("mutated.pem", e.Message);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_file_without_certificates_is_a_format_error_with_its_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"candor-no-cert-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        try
        {
            var error = Assert.Throws<CandorFormatException>(() => C2paTrustSettings.FromPemFiles(path));
            Assert.Contains(Path.GetFileName(path), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void The_shared_anchor_file_loads()
    {
        var trust = C2paTrustSettings.FromPemFiles(Corpus.Path("c2pa/certs/anchors.pem"));
        Assert.Contains(trust.Anchors.Cast<X509Certificate2>(), c => c.Subject.Contains("C2PA Test Root CA", StringComparison.Ordinal));
        Assert.Empty(trust.CawgAnchors);
        Assert.False(trust.AllowNetwork);
    }
}
