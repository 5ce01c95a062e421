using System.Text;
using Candor.Formats;
using Candor.Formats.Webp;
using Candor.Metadata;

namespace Candor.Tests.Formats;

public class CorpusScanTests
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    public static TheoryData<string> CorpusFolders => new() { "generators", "c2pa/png", "c2pa/jpeg", "c2pa/webp" };

    private static IEnumerable<string> ImagesUnder(string folder) =>
        System.IO.Directory.EnumerateFiles(Corpus.Path(folder), "*", SearchOption.AllDirectories)
            .Where(p => ImageExtensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);

    [SkippableTheory]
    [MemberData(nameof(CorpusFolders))]
    public void Every_corpus_image_scans_with_contiguous_blocks_covering_the_file(string folder)
    {
        var files = ImagesUnder(folder).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var scan = ContainerRegistry.Scan(file);
            var length = new FileInfo(file).Length;
            Assert.True(scan.Blocks.Count > 2, file);
            var expected = 0L;
            foreach (var block in scan.Blocks)
            {
                Assert.True(block.Offset == expected, $"{file}: block {block.Type} at {block.Offset}, expected {expected}");
                Assert.InRange(block.DataOffset, block.Offset, block.Offset + block.Length);
                Assert.InRange(block.DataOffset + block.DataLength, block.DataOffset, block.Offset + block.Length);
                expected += block.Length;
            }
            var last = scan.Blocks[^1];
            switch (scan.Format)
            {
                case "PNG":
                    Assert.Equal("IEND", last.Type);
                    Assert.Equal(length, expected);
                    break;
                case "WebP":
                    Assert.Equal(length, expected);
                    break;
                case "JPEG":
                    Assert.Equal("EOI", last.Type);
                    Assert.InRange(expected, 4, length);
                    break;
                default:
                    Assert.Fail($"{file}: unexpected format {scan.Format}");
                    break;
            }
            Assert.NotNull(scan.Width);
            Assert.NotNull(scan.Height);
        }
    }

    private static ContainerScan ScanCorpus(string relative) => ContainerRegistry.Scan(Corpus.Path(relative));

    private static RawPayload Single(ContainerScan scan, PayloadKind kind) => Assert.Single(scan.Payloads, p => p.Kind == kind);

    [SkippableFact]
    public void A1111_png_parameters_are_an_iTXt_field_with_the_Japanese_prompt()
    {
        var scan = ScanCorpus("generators/a1111/sd-webui.png");
        var field = Assert.Single(scan.Fields, f => f.Group == FieldGroups.PngIText && f.Name == "parameters");
        Assert.Contains("テスト", field.Value);
        Assert.Contains("Version: v1.10.1", field.Value);
        Assert.Equal("PNG iTXt", field.Evidence.Block);
        Assert.Equal("parameters", field.Evidence.Key);
        var block = Assert.Single(scan.Blocks, b => b.Offset == field.Evidence.Offset);
        Assert.Equal("iTXt", block.Type);
        Assert.Equal(1024, scan.Width);
        Assert.Equal(1024, scan.Height);
        Assert.Empty(scan.Problems);
    }

    [SkippableFact]
    public void A1111_webp_exif_payload_is_big_endian_without_prefix()
    {
        var scan = ScanCorpus("generators/a1111/sd-webui.webp");
        var exif = Single(scan, PayloadKind.Exif);
        Assert.Equal("MM"u8.ToArray(), exif.Data[..2]);
        Assert.Null(exif.Note);
        Assert.Equal("WebP EXIF", exif.Evidence.Block);
    }

    [SkippableFact]
    public void Comfyui_animated_webp_exif_prefix_is_removed_and_noted()
    {
        var scan = ScanCorpus("generators/comfyui/mochi_simple_checkpoint.webp");
        var exif = Single(scan, PayloadKind.Exif);
        Assert.Equal("MM"u8.ToArray(), exif.Data[..2]);
        Assert.Contains("Exif", exif.Note);
        Assert.Contains(scan.Blocks, b => b.Type == "ANMF");
        Assert.Contains(scan.Blocks, b => b.Type == "ANIM");
    }

    [SkippableFact]
    public void Stability_matrix_tEXt_parameters_are_decoded_as_utf8_with_a_note()
    {
        var scan = ScanCorpus("generators/stability-matrix/stability-matrix.png");
        var field = Assert.Single(scan.Fields, f => f.Group == FieldGroups.PngText && f.Name == "parameters");
        Assert.Equal("UTF-8 bytes in a tEXt chunk", field.Note);
        Assert.DoesNotContain("Ã", field.Value);
        Assert.Contains(scan.Fields, f => f.Name == "parameters-json");
        Assert.Contains(scan.Fields, f => f.Name == "smproj");
    }

    [SkippableFact]
    public void Plain_ascii_tEXt_has_no_encoding_note()
    {
        var scan = ScanCorpus("generators/a1111/automatic1111_cropped.png");
        var field = Assert.Single(scan.Fields, f => f.Name == "parameters");
        Assert.Equal(FieldGroups.PngText, field.Group);
        Assert.Null(field.Note);
        Assert.StartsWith("photo of a duck", field.Value);
    }

    [SkippableFact]
    public void Adobe_firefly_png_has_a_caBX_c2pa_payload_and_an_xmp_payload()
    {
        var scan = ScanCorpus("generators/adobe-firefly/photoshop-generative-fill_splash-banner.png");
        var c2pa = Single(scan, PayloadKind.C2pa);
        Assert.Equal("PNG caBX", c2pa.Evidence.Block);
        Assert.Equal("jumb"u8.ToArray(), c2pa.Data[4..8]);
        var xmp = Single(scan, PayloadKind.Xmp);
        Assert.Contains("Photoshop", Encoding.UTF8.GetString(xmp.Data));
        Assert.DoesNotContain(scan.Fields, f => f.Name == "XML:com.adobe.xmp");
    }

    [SkippableFact]
    public void Bing_jpeg_c2pa_payload_is_a_reassembled_jumb_superbox()
    {
        var scan = ScanCorpus("generators/bing-image-creator/bing_creator_cloud_surfing_puppy.jpg");
        var c2pa = Single(scan, PayloadKind.C2pa);
        Assert.Equal("jumb"u8.ToArray(), c2pa.Data[4..8]);
        var declared = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(c2pa.Data);
        Assert.Equal((uint)c2pa.Data.Length, declared);
        Assert.Equal("c2pa"u8.ToArray(), c2pa.Data[16..20]);
    }

    [SkippableFact]
    public void Openai_webp_c2pa_chunk_is_the_c2pa_payload()
    {
        var scan = ScanCorpus("generators/openai/DALL-E_cloud_surfing_puppy.webp");
        var c2pa = Single(scan, PayloadKind.C2pa);
        Assert.Equal("WebP C2PA", c2pa.Evidence.Block);
        Assert.Equal("jumb"u8.ToArray(), c2pa.Data[4..8]);
        Assert.Contains(scan.Blocks, b => b.Type == "C2PA" && b.Offset == c2pa.Evidence.Offset);
    }

    [SkippableFact]
    public void Iptc_reference_jpeg_has_iptc_and_xmp_payloads()
    {
        var scan = ScanCorpus("generators/iptc/iptc-photometadata-ref-2023.2.jpg");
        var iptc = Single(scan, PayloadKind.Iptc);
        Assert.Equal(0x1C, iptc.Data[0]);
        var xmp = scan.Payloads.First(p => p.Kind == PayloadKind.Xmp);
        Assert.Contains("DMI-PROHIBITED-GENAIMLTRAINING", Encoding.UTF8.GetString(xmp.Data));
        Assert.Contains(scan.Payloads, p => p.Kind == PayloadKind.Exif);
    }

    [SkippableFact]
    public void Jpeg_exif_payload_starts_at_the_tiff_header()
    {
        var scan = ScanCorpus("generators/a1111/automatic1111_cropped.jpg");
        var exif = Single(scan, PayloadKind.Exif);
        Assert.Equal("MM"u8.ToArray(), exif.Data[..2]);
        Assert.Equal("JPEG APP1 EXIF", exif.Evidence.Block);
    }

    [SkippableFact]
    public void Jpeg_without_metadata_has_no_payloads()
    {
        var scan = ScanCorpus("generators/none/empty.jpg");
        Assert.DoesNotContain(scan.Payloads, p => p.Kind is PayloadKind.Exif or PayloadKind.Xmp or PayloadKind.C2pa);
        Assert.Contains(scan.Blocks, b => b.Type == "SOS");
        Assert.Contains(scan.Blocks, b => b.Type == "ECS");
    }

    [SkippableTheory]
    [InlineData("generators/a1111/sd-webui.webp", false)]
    [InlineData("generators/none/gimp.webp", false)]
    public void Webp_lossless_flag_follows_the_bitstream_chunk(string relative, bool lossless)
    {
        var scan = ScanCorpus(relative);
        Assert.Equal(lossless, WebpFormat.IsLossless(scan));
        Assert.Equal(scan.Blocks.Any(b => b.Type == "VP8L"), WebpFormat.IsLossless(scan));
    }
}

public class C2paCorpusScanTests
{
    /// <summary>Corpus files with no embedded manifest store (per c2pa/SOURCES.md: signing inputs and remote manifests).</summary>
    private static readonly HashSet<string> WithoutStore =
        ["adobe-20220124-A.jpg", "cloud.jpg", "libpng-test.png", "libpng-test_with_url.png", "test.webp"];

    [SkippableTheory]
    [InlineData("c2pa/png")]
    [InlineData("c2pa/jpeg")]
    [InlineData("c2pa/webp")]
    public void Every_signed_corpus_image_yields_one_c2pa_store(string folder)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Corpus.Path(folder)).Where(f => !f.EndsWith(".c2pa", StringComparison.Ordinal)))
        {
            var scan = ContainerRegistry.Scan(file);
            var stores = scan.Payloads.Where(p => p.Kind == PayloadKind.C2pa).ToList();
            if (WithoutStore.Contains(Path.GetFileName(file)))
            {
                Assert.Empty(stores);
                continue;
            }
            Assert.True(stores.Count == 1, $"{Path.GetFileName(file)}: {stores.Count} C2PA payloads; problems: {string.Join("; ", scan.Problems)}");
            Assert.Equal("jumb"u8.ToArray(), stores[0].Data[4..8]);
        }
    }
}
