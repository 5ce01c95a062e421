using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using static Candor.Tests.C2pa.Trust.TestCredentials;
using BcParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace Candor.Tests.C2pa.Trust;

public class OcspStapleTests
{
    private static readonly X509Certificate2 Ca = RootCa("CN=Candor OCSP test root");

    [Fact]
    public void A_good_staple_from_a_trusted_responder_says_not_revoked_and_nothing_is_skipped()
    {
        var report = Validate(revokedAt: null, new C2paTrustSettings([Ca]));
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.DoesNotContain(report.Statuses, s => s.Code == C2paStatusCodes.SigningCredentialOcspSkipped);
        Assert.Empty(report.Failures);
    }

    [Fact]
    public void A_revoked_staple_is_a_failure_reported_first()
    {
        var report = Validate(revokedAt: Now.AddDays(-1), new C2paTrustSettings([Ca]));
        Assert.Equal(C2paStatusCodes.SigningCredentialRevoked, report.Failures.First().Code);
    }

    [Fact]
    public void A_staple_from_an_untrusted_responder_is_ignored_but_is_not_skipped()
    {
        var report = Validate(revokedAt: Now.AddDays(-1), C2paTrustSettings.None);
        Assert.DoesNotContain(report.Statuses, s => s.Code is C2paStatusCodes.SigningCredentialRevoked or C2paStatusCodes.SigningCredentialOcspNotRevoked or C2paStatusCodes.SigningCredentialOcspSkipped);
    }

    private static C2paHashReport Validate(DateTimeOffset? revokedAt, C2paTrustSettings trust)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Issue(LeafRequest(key), Ca);
        var staple = OcspResponse(leaf, revokedAt);
        var manifest = SignedManifest(CoseSigningKey.FromECDsa(key), CoseAlgorithm.Es256, [leaf, Ca], _ => [("rVals", RVals(staple))]);
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
        CredentialValidator.Validate(manifest, trust, report);
        return report;
    }

    private static byte[] RVals(byte[] response)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteTextString("ocspVals");
        writer.WriteStartArray(1);
        writer.WriteByteString(response);
        return writer.ToArray();
    }

    // A delegated responder (EKU OCSPSigning, RSA) issued by the test CA answers for the leaf.
    private static byte[] OcspResponse(X509Certificate2 leaf, DateTimeOffset? revokedAt)
    {
        using var responderKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Candor OCSP responder", responderKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(C2paCertificateProfile.OcspSigningEku)], false));
        using var responder = Issue(request, Ca);

        var parser = new BcParser();
        var bcResponder = parser.ReadCertificate(responder.RawData);
        var bcIssuer = parser.ReadCertificate(Ca.RawData);
        var bcLeaf = parser.ReadCertificate(leaf.RawData);
        var generator = new BasicOcspRespGenerator(new RespID(bcResponder.SubjectDN));
        CertificateStatus status = revokedAt is { } when ? new RevokedStatus(when.UtcDateTime, 1) : CertificateStatus.Good;
        generator.AddResponse(new CertificateID(new AlgorithmIdentifier(OiwObjectIdentifiers.IdSha1, DerNull.Instance), bcIssuer, bcLeaf.SerialNumber), status, Now.UtcDateTime.AddHours(-1), Now.UtcDateTime.AddDays(7), null);
        var privateKey = DotNetUtilities.GetRsaKeyPair(responderKey.ExportParameters(true)).Private;
        var basic = generator.Generate("SHA256WITHRSA", privateKey, [bcResponder], Now.UtcDateTime);
        return new OCSPRespGenerator().Generate(OcspRespStatus.Successful, basic).GetEncoded();
    }
}
