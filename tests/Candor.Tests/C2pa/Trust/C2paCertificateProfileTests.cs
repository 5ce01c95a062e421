using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using static Candor.Tests.C2pa.Trust.TestCredentials;

namespace Candor.Tests.C2pa.Trust;

public class C2paCertificateProfileTests
{
    private static readonly X509Certificate2 Ca = RootCa();

    private static X509Certificate2 Leaf(Action<CertificateRequest>? tweak = null, AsymmetricAlgorithm? key = null)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Issue(LeafRequest(key ?? ec, tweak), Ca);
    }

    [Fact]
    public void A_p256_leaf_with_claim_signing_eku_conforms_and_chains_to_its_ca()
    {
        using var leaf = Leaf();
        Assert.Null(C2paCertificateProfile.FindViolation(leaf));
        Assert.Null(CredentialChain.Untrusted(leaf, [], [Ca], Now, requiredEku: null));
    }

    [Fact]
    public void A_leaf_without_eku_is_invalid_and_not_trusted_even_under_an_anchor()
    {
        using var leaf = Leaf(r => Replace(r, "2.5.29.37", null));
        Assert.Contains("no extended key usage", C2paCertificateProfile.FindViolation(leaf));
        Assert.Contains("extended key usage", CredentialChain.Untrusted(leaf, [], [Ca], Now, requiredEku: null));
    }

    [Fact]
    public void A_leaf_whose_only_eku_is_any_is_invalid()
    {
        using var leaf = Leaf(r => Replace(r, "2.5.29.37", new X509EnhancedKeyUsageExtension([new Oid(C2paCertificateProfile.AnyEku)], false)));
        Assert.Contains("anyExtendedKeyUsage", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void Time_stamping_eku_next_to_another_purpose_is_invalid()
    {
        using var leaf = Leaf(r => Replace(r, "2.5.29.37", new X509EnhancedKeyUsageExtension(
            [new Oid(C2paCertificateProfile.TimeStampingEku), new Oid(C2paCertificateProfile.EmailProtectionEku)], false)));
        Assert.Contains("only extended key usage", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void A_1024_bit_rsa_leaf_is_invalid()
    {
        using var rsa = RSA.Create(1024);
        using var leaf = Leaf(key: rsa);
        Assert.Contains("1024 bits", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void A_3072_bit_rsa_leaf_conforms()
    {
        using var rsa = RSA.Create(3072);
        using var leaf = Leaf(key: rsa);
        Assert.Null(C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void A_self_signed_leaf_is_invalid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(key, name: "CN=Self signed");
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(new X509SubjectKeyIdentifierExtension(request.PublicKey, false)));
        using var leaf = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
        Assert.Contains("self-signed", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void Key_cert_sign_on_an_end_entity_is_invalid()
    {
        using var leaf = Leaf(r => Replace(r, "2.5.29.15", new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true)));
        Assert.Contains("keyCertSign", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void A_leaf_without_authority_key_identifier_is_invalid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var caKey = Ca.GetECDsaPrivateKey()!;
        using var leaf = LeafRequest(key).Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), Now.AddDays(-1), Now.AddYears(1), [1, 2, 3]);
        Assert.Contains("authority key identifier", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void An_unknown_critical_extension_is_invalid()
    {
        using var leaf = Leaf(r => r.CertificateExtensions.Add(new X509Extension("1.2.3.4.5", [0x05, 0x00], critical: true)));
        Assert.Contains("1.2.3.4.5", C2paCertificateProfile.FindViolation(leaf));
    }

    [Fact]
    public void A_ca_certificate_cannot_sign_claims()
    {
        Assert.NotNull(C2paCertificateProfile.FindViolation(Ca));
    }

    [Fact]
    public void An_expired_signer_is_reported_expired_not_invalid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Issue(LeafRequest(key), Ca, Now.AddYears(-2), Now.AddYears(-1));
        Assert.False(C2paCertificateProfile.IsValidAt(leaf, Now));
        Assert.Null(C2paCertificateProfile.FindViolation(leaf));

        var manifest = SignedManifest(CoseSigningKey.FromECDsa(key), CoseAlgorithm.Es256, [leaf, Ca]);
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };
        var result = CredentialValidator.Validate(manifest, new C2paTrustSettings([Ca]) { ValidationTime = Now }, report);

        Assert.True(result.SignatureValid);
        Assert.False(result.Trusted);
        var failures = report.Failures.Select(s => s.Code).ToList();
        Assert.Equal(C2paStatusCodes.SigningCredentialExpired, failures[0]);
        Assert.DoesNotContain(C2paStatusCodes.SigningCredentialInvalid, failures);
        Assert.Contains(C2paStatusCodes.SigningCredentialUntrusted, failures);
    }

    [Fact]
    public void A_conforming_signer_under_an_anchor_is_validated_and_trusted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Issue(LeafRequest(key), Ca);
        var manifest = SignedManifest(CoseSigningKey.FromECDsa(key), CoseAlgorithm.Es256, [leaf, Ca]);
        var report = new C2paHashReport { ActiveManifestLabel = manifest.Label };

        var result = CredentialValidator.Validate(manifest, new C2paTrustSettings([Ca]), report);

        Assert.True(result.SignatureValid);
        Assert.True(result.Trusted);
        Assert.Null(result.TimeStampTime);
        Assert.Empty(report.Failures);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.ClaimSignatureValidated);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.SigningCredentialTrusted);
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.SigningCredentialOcspSkipped);
    }

    [Fact]
    public void A_signature_over_other_bytes_is_a_mismatch_reported_first()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Issue(LeafRequest(key), Ca);
        var signed = SignedManifest(CoseSigningKey.FromECDsa(key), CoseAlgorithm.Es256, [leaf, Ca]);
        var otherClaim = TestCredentials.ClaimBytes();
        otherClaim[^1] ^= 1;
        var tampered = SignedManifest(CoseSigningKey.FromECDsa(key), CoseAlgorithm.Es256, [leaf, Ca], claim: otherClaim);
        // The tampered manifest's signature box, moved next to the original claim.
        var report = new C2paHashReport { ActiveManifestLabel = signed.Label };
        var forged = ForgedManifest(signed, tampered);

        var result = CredentialValidator.Validate(forged, C2paTrustSettings.None, report);

        Assert.False(result.SignatureValid);
        Assert.Equal(C2paStatusCodes.ClaimSignatureMismatch, report.Failures.First().Code);
    }

    private static Candor.C2pa.C2paManifestSummary ForgedManifest(Candor.C2pa.C2paManifestSummary claimFrom, Candor.C2pa.C2paManifestSummary signatureFrom)
    {
        var box = new Candor.C2pa.Jumbf.JumbfBox
        {
            Type = claimFrom.Box.Type,
            Offset = claimFrom.Box.Offset,
            HeaderLength = claimFrom.Box.HeaderLength,
            Bytes = claimFrom.Box.Bytes,
            Description = claimFrom.Box.Description,
            DescriptionBox = claimFrom.Box.DescriptionBox,
            Children = [.. claimFrom.Box.Children.Where(c => c.Label != "c2pa.signature"), signatureFrom.Box.ChildWithLabel("c2pa.signature")!],
        };
        return new Candor.C2pa.C2paManifestSummary { Label = claimFrom.Label, Kind = claimFrom.Kind, Box = box, Offset = claimFrom.Offset, ClaimVersion = claimFrom.ClaimVersion };
    }
}
