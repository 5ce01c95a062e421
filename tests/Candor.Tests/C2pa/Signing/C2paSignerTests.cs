using System.Security.Cryptography.X509Certificates;
using Candor.C2pa;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Validation;
using Candor.Formats;

namespace Candor.Tests.C2pa.Signing;

public class C2paSignerTests
{
    private const string Png = "c2pa/png/libpng-test.png";
    private const string Jpeg = "c2pa/jpeg/adobe-20220124-A.jpg";
    private const string Webp = "c2pa/webp/test.webp";
    private const string SignedPng = "c2pa/png/gen-png-created-ps256.png";
    private const string SignedJpeg = "c2pa/jpeg/gen-jpeg-created-es512.jpg";
    private const string SignedWebp = "c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp";
    private const string TrainedMedia = "trainedAlgorithmicMedia";

    private static C2paSignOptions Options(string alg, string? sourceType = TrainedMedia, string action = "c2pa.created", string? training = null,
        bool sidecar = false, bool thumbnail = false, Func<ReadOnlyMemory<byte>, byte[]>? stamper = null)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Corpus.Path($"c2pa/certs/c2pa-rs-{alg}.chain.pem"));
        return new C2paSignOptions
        {
            Algorithm = CoseAlgorithmNames.Parse(alg),
            Key = CoseSigningKey.FromPem(File.ReadAllText(Corpus.Path($"c2pa/certs/c2pa-rs-{alg}.key.pem"))),
            Chain = [.. chain],
            Action = action,
            DigitalSourceType = sourceType,
            Training = training,
            Sidecar = sidecar,
            Thumbnail = thumbnail,
            TimeStamper = stamper,
        };
    }

    private static (C2paManifestStore Store, ContainerScan Scan) ReadStore(byte[] signed)
    {
        var scan = ContainerRegistry.Scan(new MemoryStream(signed));
        var payload = scan.Payloads.Single(p => p.Kind == PayloadKind.C2pa);
        return (ManifestStoreReader.Read(payload.Data), scan);
    }

    private static CoseVerificationResult VerifyActive(C2paManifestStore store)
    {
        var manifest = store.ActiveManifest!.Box;
        var claim = manifest.ChildWithLabel("c2pa.claim.v2")!.FirstContentBox()!;
        var cose = manifest.ChildWithLabel("c2pa.signature")!.FirstContentBox()!;
        return CoseSign1.Read(cose.Payload).Verify(claim.Payload.Span);
    }

    // The asset with every C2PA store block taken out (and the RIFF size fixed): what signing must not change.
    private static byte[] WithoutStore(byte[] asset)
    {
        var scan = ContainerRegistry.Scan(new MemoryStream(asset));
        var store = scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa);
        if (store is null) return asset;
        var ranges = DataHashValidator.StoreRanges(scan, new MemoryStream(asset), store)!
            // A WebP chunk of odd size has a pad byte after it that the store range does not include.
            .Select(r => scan.ImageFormat == ImageFormat.WebP ? new ByteRange(r.Start, r.Length + ((r.Length - 8) & 1)) : r);
        var output = new List<byte>();
        long pos = 0;
        foreach (var r in ranges)
        {
            output.AddRange(asset[(int)pos..(int)r.Start]);
            pos = r.End;
        }
        output.AddRange(asset[(int)pos..]);
        var bytes = output.ToArray();
        if (scan.ImageFormat == ImageFormat.WebP) BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), (uint)(bytes.Length - 8));
        return bytes;
    }

    [SkippableFact]
    public void A_container_Candor_cannot_embed_in_is_an_unsupported_format_error()
    {
        var tiff = File.ReadAllBytes(Corpus.Path("darktable/03_ai_object-mask_dt5.6-style/export.tif"));
        var e = Assert.Throws<CandorFormatException>(() => C2paSigner.Sign(tiff, Options("es256"), out _));
        Assert.Equal(FormatErrorKind.Unsupported, e.Kind);
    }

    [SkippableTheory]
    [InlineData(Png, "es256")]
    [InlineData(Png, "ps256")]
    [InlineData(Jpeg, "es512")]
    [InlineData(Jpeg, "ed25519")]
    [InlineData(Webp, "es384")]
    [InlineData(Webp, "ps512")]
    public void Created_manifest_reads_back_hashes_match_and_signature_verifies(string input, string alg)
    {
        var asset = File.ReadAllBytes(Corpus.Path(input));

        var signed = C2paSigner.Sign(asset, Options(alg, training: "notAllowed"), out var result);

        var (store, scan) = ReadStore(signed);
        var manifest = Assert.Single(store.Manifests);
        Assert.Equal(result.ManifestLabel, manifest.Label);
        Assert.StartsWith("urn:c2pa:", manifest.Label);
        Assert.Equal("c2pa.claim.v2", manifest.ClaimLabel);
        Assert.Equal(scan.Format, result.Format);
        Assert.False(result.HasParentIngredient);
        Assert.Equal(["c2pa.actions.v2", "cawg.training-mining", "c2pa.hash.data"], manifest.AssertionLabels);
        var created = Assert.Single(manifest.Actions);
        Assert.Equal("c2pa.created", created.Action);
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", created.DigitalSourceType);
        Assert.Equal(4, manifest.TrainingMining.Count);
        var report = C2paHashValidation.Validate(new MemoryStream(signed))!;
        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.DataHashMatch);
        Assert.True(VerifyActive(store).IsValid);
        Assert.Equal(WithoutStore(asset), WithoutStore(signed));
    }

    [SkippableTheory]
    [InlineData(SignedPng, "es384")]
    [InlineData(SignedJpeg, "es256")]
    [InlineData(SignedWebp, "ed25519")]
    public void Edit_of_a_signed_file_keeps_the_parent_manifest_as_ingredient(string input, string alg)
    {
        var asset = File.ReadAllBytes(Corpus.Path(input));
        var parentLabel = ReadStore(asset).Store.ActiveManifest!.Label;

        var signed = C2paSigner.Sign(asset, Options(alg, sourceType: null, action: "c2pa.edited"), out var result);

        var (store, _) = ReadStore(signed);
        Assert.True(result.HasParentIngredient);
        Assert.Equal(2, store.Manifests.Count);
        Assert.Equal(parentLabel, store.Manifests[0].Label);
        var active = store.ActiveManifest!;
        Assert.Equal(["c2pa.opened", "c2pa.edited"], active.Actions.Select(a => a.Action));
        var ingredient = Assert.Single(active.Ingredients);
        Assert.Equal("parentOf", ingredient.Relationship);
        Assert.Equal(store.Manifests[0].Title, ingredient.Title);
        var report = C2paHashValidation.Validate(new MemoryStream(signed))!;
        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.True(VerifyActive(store).IsValid);
        Assert.Equal(WithoutStore(asset), WithoutStore(signed));
        // The old store is gone from the container: exactly one C2PA payload remains.
        Assert.Single(ContainerRegistry.Scan(new MemoryStream(signed)).Payloads, p => p.Kind == PayloadKind.C2pa);
    }

    [SkippableFact]
    public void Ingredient_points_at_the_parent_manifest_and_signature_with_their_hashes()
    {
        var asset = File.ReadAllBytes(Corpus.Path(SignedPng));

        var signed = C2paSigner.Sign(asset, Options("es256", sourceType: null, action: "c2pa.edited"), out _);

        var (store, _) = ReadStore(signed);
        var parent = store.Manifests[0];
        var box = store.ActiveManifest!.Box.ChildWithLabel("c2pa.assertions")!.ChildWithLabel("c2pa.ingredient.v3")!;
        var map = CborValue.Read(box.FirstContentBox()!.Payload);
        Assert.Equal($"self#jumbf=/c2pa/{parent.Label}", map["activeManifest"]!.GetText("url"));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(parent.Box.Bytes.Span[8..]), map["activeManifest"]!["hash"]!.Bytes.ToArray());
        Assert.Equal($"self#jumbf=/c2pa/{parent.Label}/c2pa.signature", map["claimSignature"]!.GetText("url"));
        var success = map["validationResults"]!["activeManifest"]!["success"]!.Items.Select(s => s.GetText("code")).ToList();
        Assert.Contains("claimSignature.validated", success);
        Assert.Contains("assertion.dataHash.match", success);
        Assert.Empty(map["validationResults"]!["activeManifest"]!["failure"]!.Items);
    }

    [SkippableTheory]
    [InlineData(Png)]
    [InlineData(Jpeg)]
    [InlineData(Webp)]
    public void Changing_one_image_byte_after_signing_breaks_the_data_hash(string input)
    {
        var signed = C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(input)), Options("es256"), out _);
        // The last bytes before the end marker are image data (IDAT / entropy-coded scan / VP8 bitstream) in these files, never the store.
        var (_, scan) = ReadStore(signed);
        var image = scan.Blocks.First(b => b.Type is "IDAT" or "SOS" or "VP8 " or "VP8L");
        signed[image.DataOffset + Math.Max(0, image.DataLength - 1) + (image.Type == "SOS" ? 4 : 0)] ^= 0x01;

        var report = C2paHashValidation.Validate(new MemoryStream(signed))!;

        Assert.Contains(report.Failures, s => s.Code == C2paStatusCodes.DataHashMismatch);
    }

    [SkippableFact]
    public void SignFile_leaves_the_input_untouched_and_writes_a_valid_output()
    {
        var input = Corpus.Path(Jpeg);
        var before = File.ReadAllBytes(input);
        var dir = Directory.CreateTempSubdirectory("candor-sign-");
        try
        {
            var output = Path.Combine(dir.FullName, "out.jpg");
            var result = C2paSigner.SignFile(input, output, Options("es256", sourceType: "digitalCapture"));

            Assert.Equal(before, File.ReadAllBytes(input));
            Assert.True(C2paHashValidation.Validate(output)!.Passed);
            Assert.Equal("out.jpg", ReadStore(File.ReadAllBytes(output)).Store.ActiveManifest!.Title);
            Assert.Equal(result.StoreSize, ReadStore(File.ReadAllBytes(output)).Store.Box.Length);
            Assert.Single(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Sidecar_store_validates_against_the_unchanged_asset_with_no_exclusions()
    {
        var input = Corpus.Path(Png);
        var dir = Directory.CreateTempSubdirectory("candor-sign-");
        try
        {
            var output = Path.Combine(dir.FullName, "out.png");
            var result = C2paSigner.SignFile(input, output, Options("ed25519", sidecar: true));

            Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(output));
            Assert.Equal(Path.Combine(dir.FullName, "out.c2pa"), result.SidecarPath);
            var store = File.ReadAllBytes(result.SidecarPath!);
            using var asset = File.OpenRead(output);
            var report = C2paHashValidation.ValidateSidecar(asset, store);
            Assert.True(report.Passed, string.Join("; ", report.Failures));
            Assert.Contains(report.Statuses, s => s.Code == C2paStatusCodes.DataHashMatch);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Jpeg_store_larger_than_one_segment_is_split_over_app11_segments()
    {
        // This input carries a 1.56 MB store of six manifests: all are kept, so the new store needs many segments.
        var asset = File.ReadAllBytes(Corpus.Path("c2pa/jpeg/adobe-20220124-CAIAIIICAICIICAIICICA.jpg"));

        var signed = C2paSigner.Sign(asset, Options("es256", action: "c2pa.edited"), out var result);

        var scan = ContainerRegistry.Scan(new MemoryStream(signed));
        var segments = scan.Blocks.Where(b => b.Type == "APP11").ToList();
        Assert.Equal((result.StoreSize + 63_999) / 64_000, segments.Count);
        Assert.All(segments, s => Assert.True(s.Length <= 65_537));
        Assert.Equal(7, ReadStore(signed).Store.Manifests.Count);
        Assert.True(C2paHashValidation.Validate(new MemoryStream(signed))!.Passed);
    }

    [SkippableFact]
    public void Thumbnail_is_an_embedded_png_listed_in_the_claim()
    {
        var signed = C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(Png)), Options("es256", thumbnail: true), out _);

        var (store, _) = ReadStore(signed);
        Assert.Contains("c2pa.thumbnail.claim", store.ActiveManifest!.AssertionLabels);
        var box = store.ActiveManifest.Box.ChildWithLabel("c2pa.assertions")!.ChildWithLabel("c2pa.thumbnail.claim")!;
        var png = box.Children.Single(c => c.Type == "bidb").Payload.ToArray();
        var thumb = ContainerRegistry.Scan(new MemoryStream(png));
        Assert.Equal("PNG", thumb.Format);
        Assert.True(C2paHashValidation.Validate(new MemoryStream(signed))!.Passed);
    }

    [SkippableFact]
    public void Time_stamper_gets_the_countersignature_structure_and_its_token_lands_in_sigTst2()
    {
        byte[]? stamped = null;
        var token = Enumerable.Repeat((byte)0x5A, 3000).ToArray();
        var signed = C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(Png)), Options("es256", stamper: data =>
        {
            stamped = data.ToArray();
            return token;
        }), out _);

        var (store, _) = ReadStore(signed);
        var cose = CoseSign1.Read(store.ActiveManifest!.Box.ChildWithLabel("c2pa.signature")!.FirstContentBox()!.Payload);
        var tokens = cose.UnprotectedHeader["sigTst2"]!["tstTokens"]!;
        Assert.Equal(token, Assert.Single(tokens.Items)["val"]!.Bytes.ToArray());
        Assert.Equal(Candor.C2pa.Trust.CoseTimeStamp.SigTst2Message(cose), stamped);
        // ["CounterSignature", protected, h'', bstr(bstr(signature))]: the reference wraps the signature twice.
        var structure = CborValue.Read(stamped);
        Assert.Equal("CounterSignature", structure.Items[0].Text);
        Assert.Equal(cose.ProtectedHeaderBytes.ToArray(), structure.Items[1].Bytes.ToArray());
        Assert.Equal(0, structure.Items[2].Bytes.Length);
        Assert.Equal(cose.Signature.ToArray(), CborValue.Read(structure.Items[3].Bytes).Bytes.ToArray());
        Assert.True(VerifyActive(store).IsValid);
        Assert.True(C2paHashValidation.Validate(new MemoryStream(signed))!.Passed);
    }

    [SkippableFact]
    public void Truncated_input_is_a_format_error()
    {
        foreach (var input in new[] { Png, Jpeg, Webp })
        {
            var asset = File.ReadAllBytes(Corpus.Path(input));
            var e = Assert.Throws<CandorFormatException>(() => C2paSigner.Sign(asset.AsMemory(0, asset.Length - 100), Options("es256"), out _));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [SkippableFact]
    public void Thumbnail_of_a_jpeg_is_a_small_png_of_the_same_picture()
    {
        var original = File.ReadAllBytes(Corpus.Path(Jpeg));
        var signed = C2paSigner.Sign(original, Options("es256", thumbnail: true), out _);
        var (store, _) = ReadStore(signed);
        var box = store.ActiveManifest!.Box.ChildWithLabel("c2pa.assertions")!.ChildWithLabel("c2pa.thumbnail.claim")!;
        var thumbnail = Candor.Imaging.ImageCodec.Decode(box.Children.Single(c => c.Type == "bidb").Payload.Span);
        var picture = Candor.Imaging.ImageCodec.Decode(original);
        Assert.Equal(256, Math.Max(thumbnail.Width, thumbnail.Height));
        Assert.Equal(picture.Width / (double)picture.Height, thumbnail.Width / (double)thumbnail.Height, 0.02);
        // Same picture: the thumbnail matches the photo shrunk by another filter to within a few grey levels.
        var reference = Candor.Imaging.Transforms.Resize(picture, thumbnail.Width, thumbnail.Height, Candor.Imaging.ResizeFilter.Bilinear);
        Assert.True(Candor.Imaging.ImageMetrics.Psnr(reference, thumbnail) > 25);
        Assert.True(C2paHashValidation.Validate(new MemoryStream(signed))!.Passed);
    }

    [SkippableFact]
    public void Unknown_format_is_a_format_error() =>
        Assert.Throws<CandorFormatException>(() => C2paSigner.Sign("plain text, not an image"u8.ToArray(), Options("es256"), out _));

    [SkippableFact]
    public void Algorithm_that_does_not_fit_the_key_is_an_argument_error()
    {
        var options = Options("es256");
        var wrong = new C2paSignOptions { Algorithm = CoseAlgorithm.Ps256, Key = options.Key, Chain = options.Chain, DigitalSourceType = TrainedMedia };

        var e = Assert.Throws<ArgumentException>(() => C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(Png)), wrong, out _));
        Assert.Contains("PS256", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void New_manifest_without_digital_source_type_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(Png)), Options("es256", sourceType: null), out _));

    [SkippableFact]
    public void Unknown_training_value_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => C2paSigner.Sign(File.ReadAllBytes(Corpus.Path(Png)), Options("es256", training: "maybe"), out _));
}
