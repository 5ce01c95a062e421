using System.Security.Cryptography.X509Certificates;
using System.Text;
using Candor.C2pa;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.Formats;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Cose;

public class CoseSign1Tests
{
    // Corpus file → whether its active manifest's claim signature must verify (expected.json:
    // claimSignature.mismatch marks the files whose signature was broken on purpose).
    public static TheoryData<string, CoseVerificationStatus> CorpusSignatures => new()
    {
        { "c2pa/png/gen-png-created-es256-thumb.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-created-ps256.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-edit-es384.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-noeku-es256.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-tampered-pixels.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-trainingmining-es256.png", CoseVerificationStatus.Valid },
        { "c2pa/png/amazon-titan-g1.png", CoseVerificationStatus.Valid },
        { "c2pa/png/gen-png-tampered-signature.png", CoseVerificationStatus.Invalid },
        { "c2pa/jpeg/gen-jpeg-created-es512.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/gen-jpeg-edit-of-v1-claim-es256.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/gen-jpeg-privateca-es256.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/gen-jpeg-tampered-signature.jpg", CoseVerificationStatus.Invalid },
        { "c2pa/jpeg/CACA.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/CA_ct.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/C_with_CAWG_data.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/adobe-20220124-CA.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/adobe-20220124-CAICAI.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/adobe-20220124-E-sig-CA.jpg", CoseVerificationStatus.Invalid },
        { "c2pa/jpeg/bing_creator_cloud_surfing_puppy.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/cards_expired_without_timestamp.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/ocsp.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/truepic-20230212-camera.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/trustnxt-icon-signed-timestamp.jpg", CoseVerificationStatus.Valid },
        { "c2pa/jpeg/update_manifest.jpg", CoseVerificationStatus.Valid },
        { "c2pa/webp/gen-webp-lossy-created-ed25519.webp", CoseVerificationStatus.Valid },
        { "c2pa/webp/gen-webp-tampered-pixels.webp", CoseVerificationStatus.Valid },
        { "c2pa/webp/gen-webp-edit-ps256.webp", CoseVerificationStatus.Valid },
        { "c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp", CoseVerificationStatus.Valid },
        { "c2pa/webp/DALL-E_cloud_surfing_puppy.webp", CoseVerificationStatus.Valid },
        { "generators/openai/DALL-E_cloud_surfing_puppy.webp", CoseVerificationStatus.Valid },
        { "generators/adobe-firefly/photoshop-generative-fill_splash-banner.png", CoseVerificationStatus.Valid },
        { "generators/amazon-titan/amazon-titan-g1.png", CoseVerificationStatus.Valid },
    };

    public static TheoryData<string, CoseAlgorithm> TestKeys => new()
    {
        { "c2pa-rs-es256", CoseAlgorithm.Es256 },
        { "c2pa-rs-es384", CoseAlgorithm.Es384 },
        { "c2pa-rs-es512", CoseAlgorithm.Es512 },
        { "c2pa-rs-ps256", CoseAlgorithm.Ps256 },
        { "c2pa-rs-ps512", CoseAlgorithm.Ps512 },
        { "c2pa-rs-ed25519", CoseAlgorithm.EdDsa },
    };

    private static readonly byte[] Claim = Encoding.UTF8.GetBytes("a detached claim the signature covers");

    [SkippableTheory]
    [MemberData(nameof(CorpusSignatures))]
    public void Corpus_claim_signatures_verify_over_the_claim_box_bytes(string relative, CoseVerificationStatus expected)
    {
        var (claim, signature) = ActiveClaimAndSignature(relative);
        var cose = CoseSign1.Read(signature.Payload, signature.PayloadOffset);
        var result = cose.Verify(claim.Payload.Span);
        Assert.True(expected == result.Status, $"{relative}: {result.Status} ({result.Message})");
        Assert.Null(cose.Payload);
        Assert.NotEmpty(cose.CertificateChain);
    }

    [SkippableFact]
    public void Legacy_signers_carry_x5chain_in_the_unprotected_header()
    {
        var (_, signature) = ActiveClaimAndSignature("c2pa/jpeg/adobe-20220124-CA.jpg");
        var cose = CoseSign1.Read(signature.Payload);
        Assert.Equal(CoseCertificateSource.UnprotectedHeader, cose.CertificateSource);
        Assert.Equal(CoseAlgorithm.Ps256, cose.Algorithm);
    }

    [SkippableFact]
    public void Current_signers_carry_x5chain_in_the_protected_header()
    {
        var (_, signature) = ActiveClaimAndSignature("c2pa/jpeg/gen-jpeg-created-es512.jpg");
        var cose = CoseSign1.Read(signature.Payload);
        Assert.Equal(CoseCertificateSource.ProtectedHeader, cose.CertificateSource);
        Assert.Equal(CoseAlgorithm.Es512, cose.Algorithm);
        Assert.True(cose.IsTagged);
    }

    [SkippableFact]
    public void Corpus_signature_over_a_changed_claim_is_invalid()
    {
        var (claim, signature) = ActiveClaimAndSignature("c2pa/png/gen-png-created-es256-thumb.png");
        var changed = claim.Payload.ToArray();
        changed[^1] ^= 1;
        Assert.Equal(CoseVerificationStatus.Invalid, CoseSign1.Read(signature.Payload).Verify(changed).Status);
    }

    [SkippableTheory]
    [MemberData(nameof(TestKeys))]
    public void Signing_with_each_test_key_round_trips_to_valid(string name, CoseAlgorithm algorithm)
    {
        using var key = LoadKey(name);
        var chain = LoadChain(name);
        var bytes = CoseSign1.Sign(Claim, algorithm, key, chain);
        var cose = CoseSign1.Read(bytes);
        Assert.Equal(algorithm, cose.Algorithm);
        Assert.Equal(CoseCertificateSource.ProtectedHeader, cose.CertificateSource);
        Assert.Equal(chain.Length, cose.CertificateChain.Count);
        Assert.Equal(chain[0].RawData, cose.CertificateChain[0].ToArray());
        Assert.Equal(CoseVerificationStatus.Valid, cose.Verify(Claim).Status);
        Assert.Equal(0xD2, bytes[0]);
    }

    [SkippableTheory]
    [MemberData(nameof(TestKeys))]
    public void A_flipped_payload_or_signature_byte_is_invalid(string name, CoseAlgorithm algorithm)
    {
        using var key = LoadKey(name);
        var bytes = CoseSign1.Sign(Claim, algorithm, key, LoadChain(name));
        var changedClaim = Claim.ToArray();
        changedClaim[3] ^= 0x20;
        Assert.Equal(CoseVerificationStatus.Invalid, CoseSign1.Read(bytes).Verify(changedClaim).Status);
        bytes[^5] ^= 0x01;
        Assert.Equal(CoseVerificationStatus.Invalid, CoseSign1.Read(bytes).Verify(Claim).Status);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(26)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(258)]
    [InlineData(1000)]
    [InlineData(70_000)]
    public void PadTo_gives_exactly_that_length(int extra)
    {
        using var key = LoadKey("c2pa-rs-es256");
        var chain = LoadChain("c2pa-rs-es256");
        var unpadded = CoseSign1.Sign(Claim, CoseAlgorithm.Es256, key, chain).Length;
        // An empty "pad" entry costs 5 bytes: the smallest padded size is unpadded + 5.
        var target = unpadded + 5 + extra;
        var bytes = CoseSign1.Sign(Claim, CoseAlgorithm.Es256, key, chain, padTo: target);
        Assert.Equal(target, bytes.Length);
        var cose = CoseSign1.Read(bytes);
        Assert.Equal(CoseVerificationStatus.Valid, cose.Verify(Claim).Status);
        Assert.All(cose.UnprotectedHeader["pad"]!.Bytes.ToArray(), b => Assert.Equal(0, b));
    }

    [SkippableFact]
    public void PadTo_smaller_than_the_message_is_an_argument_error()
    {
        using var key = LoadKey("c2pa-rs-es256");
        var chain = LoadChain("c2pa-rs-es256");
        var unpadded = CoseSign1.Sign(Claim, CoseAlgorithm.Es256, key, chain).Length;
        Assert.Throws<ArgumentException>(() => CoseSign1.Sign(Claim, CoseAlgorithm.Es256, key, chain, padTo: unpadded + 4));
    }

    [SkippableFact]
    public void A_key_of_the_wrong_kind_cannot_sign()
    {
        using var key = LoadKey("c2pa-rs-es256");
        Assert.Throws<ArgumentException>(() => CoseSign1.Sign(Claim, CoseAlgorithm.Ps256, key, LoadChain("c2pa-rs-es256")));
        Assert.Throws<ArgumentException>(() => CoseSign1.Sign(Claim, CoseAlgorithm.Es384, key, LoadChain("c2pa-rs-es256")));
    }

    [Theory]
    [InlineData("no PEM here")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN EC PRIVATE KEY-----\nAQID\n-----END EC PRIVATE KEY-----")]
    public void Unreadable_private_keys_are_format_errors(string pem)
    {
        Assert.Throws<CandorFormatException>(() => CoseSigningKey.FromPem(pem));
    }

    [SkippableFact]
    public void An_es384_signature_over_a_p256_certificate_is_invalid()
    {
        using var key = LoadKey("c2pa-rs-es384");
        var signed = CoseSign1.Read(CoseSign1.Sign(Claim, CoseAlgorithm.Es384, key, LoadChain("c2pa-rs-es256")));
        var result = signed.Verify(Claim);
        Assert.Equal(CoseVerificationStatus.Invalid, result.Status);
        Assert.Contains("384-bit", result.Message);
    }

    [SkippableFact]
    public void X5chain_in_both_headers_is_a_format_error()
    {
        var signed = CoseSign1.Read(SignedEs256());
        var writer = new CborWriter();
        writer.WriteTag(CoseSign1.Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(signed.ProtectedHeaderBytes.Span);
        writer.WriteStartMap(1);
        writer.WriteTextString("x5chain");
        writer.WriteByteString(signed.CertificateChain[0].Span);
        writer.WriteNull();
        writer.WriteByteString(signed.Signature.Span);
        var error = Assert.Throws<CandorFormatException>(() => CoseSign1.Read(writer.ToArray()));
        Assert.Contains("both headers", error.Message);
    }

    [SkippableFact]
    public void A_signature_checked_with_another_certificate_is_invalid()
    {
        var signed = CoseSign1.Read(SignedEs256());
        var other = LoadChain("c2pa-rs-es384")[0];
        var writer = new CborWriter();
        writer.WriteStartArray(4);
        var header = new CborWriter();
        header.WriteStartMap(2);
        header.WriteInt64(1);
        header.WriteInt64((int)CoseAlgorithm.Es256);
        header.WriteInt64(33);
        header.WriteByteString(other.RawData);
        writer.WriteByteString(header.WrittenSpan);
        writer.WriteStartMap(0);
        writer.WriteNull();
        writer.WriteByteString(signed.Signature.Span);
        var result = CoseSign1.Read(writer.ToArray()).Verify(Claim);
        Assert.Equal(CoseVerificationStatus.Invalid, result.Status);
    }

    [Theory]
    [InlineData("8440a0f640", CoseVerificationStatus.UnsupportedAlgorithm)]
    [InlineData("8443a10126a0f640", CoseVerificationStatus.Malformed)]
    [InlineData("8443a10120a0f640", CoseVerificationStatus.UnsupportedAlgorithm)]
    [InlineData("8449a2012618214301020 3a0f640", CoseVerificationStatus.Malformed)]
    public void Unverifiable_messages_are_results_not_exceptions(string hex, CoseVerificationStatus expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var result = CoseSign1.Read(bytes).Verify(Claim);
        Assert.Equal(expected, result.Status);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("83404000")]
    [InlineData("d1844040f640")]
    [InlineData("8441a1a0f640")]
    [InlineData("844080f640")]
    [InlineData("84404001 40")]
    [InlineData("844040f601")]
    [InlineData("844381a0a0f640")]
    public void Structurally_wrong_messages_are_format_errors(string hex)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Throws<CandorFormatException>(() => CoseSign1.Read(bytes));
    }

    [SkippableFact]
    public void Mutated_cose_only_raises_format_errors_or_a_non_valid_result()
    {
        var seeds = new[] { SignedEs256(), SignedEd25519() };
        var gen = from seed in Gen.Choose(0, seeds.Length - 1)
                  from position in Gen.Choose(0, 100_000)
                  from value in Gen.Choose(0, 255)
                  from cut in Gen.Choose(0, 100_000)
                  from truncate in Gen.Elements(false, false, false, true)
                  select (seed, position, value, cut, truncate);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = seeds[input.seed].ToArray();
            var position = input.position % bytes.Length;
            if (bytes[position] == (byte)input.value) return;
            bytes[position] = (byte)input.value;
            if (input.truncate) bytes = bytes[..(input.cut % bytes.Length)];
            try
            {
                var result = CoseSign1.Read(bytes).Verify(Claim);
                // A change inside the unprotected header is not signed; everything else must break the signature.
                if (result.IsValid) Assert.True(UnprotectedRange(seeds[input.seed]).Contains(position), $"byte {position} changed and still valid");
            }
            catch (CandorFormatException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static (int Start, int End) UnprotectedSpan(byte[] cose)
    {
        var reader = new CborReader(cose);
        reader.ReadTag();
        reader.ReadStartArray();
        reader.ReadEncodedValue();
        var start = reader.BytesConsumed;
        reader.ReadEncodedValue();
        return (start, reader.BytesConsumed);
    }

    private static IntRange UnprotectedRange(byte[] cose)
    {
        var (start, end) = UnprotectedSpan(cose);
        return new IntRange(start, end);
    }

    private readonly record struct IntRange(int Start, int End)
    {
        public bool Contains(int value) => value >= Start && value < End;
    }

    private static byte[] SignedEs256()
    {
        using var key = LoadKey("c2pa-rs-es256");
        return CoseSign1.Sign(Claim, CoseAlgorithm.Es256, key, LoadChain("c2pa-rs-es256"), padTo: 2000);
    }

    private static byte[] SignedEd25519()
    {
        using var key = LoadKey("c2pa-rs-ed25519");
        return CoseSign1.Sign(Claim, CoseAlgorithm.EdDsa, key, LoadChain("c2pa-rs-ed25519"));
    }

    private static CoseSigningKey LoadKey(string name) =>
        CoseSigningKey.FromPem(File.ReadAllText(Corpus.Path($"c2pa/certs/{name}.key.pem")));

    private static X509Certificate2[] LoadChain(string name)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Corpus.Path($"c2pa/certs/{name}.chain.pem"));
        return [.. chain];
    }

    private static (Candor.C2pa.Jumbf.JumbfBox Claim, Candor.C2pa.Jumbf.JumbfBox Signature) ActiveClaimAndSignature(string relative)
    {
        var scan = ContainerRegistry.Scan(Corpus.Path(relative));
        var payload = scan.Payloads.First(p => p.Kind == PayloadKind.C2pa);
        var store = ManifestStoreReader.Read(payload.Data, payload.Evidence.Offset ?? 0);
        var manifest = store.ActiveManifest!;
        var claimBox = manifest.Box.ChildWithLabel("c2pa.claim.v2") ?? manifest.Box.ChildWithLabel("c2pa.claim")!;
        var signatureBox = manifest.Box.ChildWithLabel("c2pa.signature")!;
        return (claimBox.FirstContentBox()!, signatureBox.FirstContentBox()!);
    }
}
