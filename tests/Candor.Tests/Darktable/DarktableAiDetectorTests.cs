using Candor.Darktable;
using static Candor.Tests.Darktable.DarktableSidecarTests;

namespace Candor.Tests.Darktable;

public class DarktableAiDetectorTests
{
    private static DarktableAiReport Analyze(string relative, string? exported = null) =>
        DarktableAiDetector.Analyze(DarktableSidecar.Load(Corpus.Path(relative)), exported);

    [SkippableTheory]
    [InlineData(Basic + "scene.png.xmp")]
    [InlineData(Basic + "export.jpg")]
    [InlineData(HandDrawn + "scene.jpg.xmp")]
    [InlineData(HandDrawn + "export.jpg")]
    public void No_ai_samples_declare_nothing(string file)
    {
        var report = Analyze(file);
        Assert.False(report.AiUsed);
        Assert.Empty(report.Findings);
        Assert.Null(report.SuggestedSourceType);
        Assert.Empty(report.Actions);
        Assert.Contains("no AI-backed edit", report.Reason);
    }

    [SkippableTheory]
    [InlineData(AiObject + "subject.png.xmp")]
    [InlineData(AiObject + "export.jpg")]
    [InlineData(AiObject + "export.tif")]
    public void Ai_object_mask_feeding_exposure_is_a_likely_ai_selection(string file)
    {
        var report = Analyze(file);
        Assert.True(report.AiUsed);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DarktableAiKind.AiObjectMask, finding.Kind);
        Assert.Equal(DarktableConfidence.Likely, finding.Confidence);
        Assert.Equal("exposure", finding.Module);
        Assert.Contains("'ai object group #1'", finding.Evidence);
        Assert.Contains("holding 2 paths", finding.Reason);
        Assert.Equal("humanEdits", report.SuggestedSourceType);
        Assert.StartsWith("AI object mask used by exposure (Likely: named 'ai object group #1'", Assert.Single(report.Actions));
    }

    [SkippableFact]
    public void Ansel_neural_denoise_is_certain_and_algorithmically_enhanced()
    {
        var report = Analyze(Ansel + "scene.png.xmp");
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DarktableAiKind.NeuralDenoise, finding.Kind);
        Assert.Equal(DarktableConfidence.Certain, finding.Confidence);
        Assert.Equal("algorithmicallyEnhanced", report.SuggestedSourceType);
    }

    [SkippableFact]
    public void Ansel_export_from_darktable_42_has_no_ai_trace_left()
    {
        var report = Analyze(Ansel + "export.jpg");
        Assert.False(report.AiUsed);
        Assert.Null(report.SuggestedSourceType);
    }

    [SkippableFact]
    public void With_the_export_the_embedded_history_decides_and_the_sidecar_is_compared()
    {
        var report = DarktableAiDetector.Analyze(DarktableSidecar.Load(Corpus.Path(Ansel + "scene.png.xmp")), Corpus.Path(Ansel + "export.jpg"));
        Assert.False(report.AiUsed);
        Assert.Null(report.SuggestedSourceType);
        Assert.StartsWith("analysed the history embedded in export.jpg", report.Notes[0]);
        Assert.Contains(report.Notes, n => n.StartsWith("the sidecar also has: neural raw denoise (rawdenoiseai)") && n.Contains("did not apply it"));

        var ai = DarktableAiDetector.Analyze(DarktableSidecar.Load(Corpus.Path(AiObject + "subject.png.xmp")), Corpus.Path(AiObject + "export.tif"));
        Assert.Equal("humanEdits", ai.SuggestedSourceType);
        Assert.DoesNotContain(ai.Notes, n => n.StartsWith("the sidecar also has"));
    }

    private const string Header = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:darktable="http://darktable.sf.net/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
        """;

    private static string Blend(uint mode, int maskId, string? rasterSource = null)
    {
        var b = new byte[420];
        BitConverter.TryWriteBytes(b.AsSpan(0), mode);
        BitConverter.TryWriteBytes(b.AsSpan(24), maskId);
        if (rasterSource is not null) System.Text.Encoding.ASCII.GetBytes(rasterSource).CopyTo(b, 388);
        return DarktableBlob.EncodeCompressed(b);
    }

    private static string Group(params int[] ids) =>
        DarktableBlob.EncodeHex(ids.SelectMany(id => BitConverter.GetBytes(id).Concat(new byte[12])).ToArray());

    private static DarktableSidecar Sidecar(int historyEnd, string history, string masks = "", string derivedFrom = "x.nef") =>
        DarktableSidecar.Parse(Header + $" darktable:xmp_version=\"5\" darktable:history_end=\"{historyEnd}\" xmpMM:DerivedFrom=\"{derivedFrom}\">"
            + $"<darktable:masks_history><rdf:Seq>{masks}</rdf:Seq></darktable:masks_history>"
            + $"<darktable:history><rdf:Seq>{history}</rdf:Seq></darktable:history></rdf:Description></rdf:RDF></x:xmpmeta>");

    private static string Item(int num, string op, int enabled = 1, string? blend = null, int priority = 0) =>
        $"<rdf:li darktable:num=\"{num}\" darktable:operation=\"{op}\" darktable:enabled=\"{enabled}\" darktable:multi_priority=\"{priority}\" darktable:blendop_version=\"11\" darktable:blendop_params=\"{blend ?? Blend(0, 0)}\"/>";

    private static string Mask(int id, int type, string name, string points = "") =>
        $"<rdf:li darktable:mask_num=\"0\" darktable:mask_id=\"{id}\" darktable:mask_type=\"{type}\" darktable:mask_name=\"{name}\" darktable:mask_points=\"{points}\"/>";

    private static readonly string AiMasks = Mask(1, 2, "ai object #1") + Mask(2, 4, "ai object group #1", Group(1)) + Mask(3, 4, "group 'exposure'", Group(2));

    [Fact]
    public void Items_at_or_above_history_end_do_not_count()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure") + Item(1, "rawdenoiseai")));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void A_module_switched_off_later_does_not_count()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(2, Item(0, "rawdenoiseai") + Item(1, "rawdenoiseai", enabled: 0)));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void An_ai_mask_no_module_uses_is_reported_unused_and_does_not_count()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure"), AiMasks));
        var finding = Assert.Single(report.Findings);
        Assert.False(finding.Used);
        Assert.False(report.AiUsed);
        Assert.Null(report.SuggestedSourceType);
        Assert.Empty(report.Actions);
        Assert.Contains(report.Notes, n => n.Contains("no enabled module applies it"));
    }

    [Fact]
    public void A_mask_used_only_while_blending_is_off_does_not_count()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(0, 3)), AiMasks));
        Assert.False(report.AiUsed);
    }

    [Fact]
    public void A_renamed_ai_mask_is_not_recognised_by_name_but_the_object_form_type_is_certain()
    {
        var renamed = Mask(1, 2, "subject") + Mask(2, 4, "my selection", Group(1)) + Mask(3, 4, "group 'exposure'", Group(2));
        Assert.Empty(DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 3)), renamed)).Findings);

        var objectForm = Mask(1, 256, "subject") + Mask(3, 4, "group 'exposure'", Group(1));
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 3)), objectForm));
        Assert.Equal(DarktableConfidence.Certain, Assert.Single(report.Findings).Confidence);
        Assert.Equal("humanEdits", report.SuggestedSourceType);
    }

    [Fact]
    public void A_group_cycle_ends()
    {
        var cycle = Mask(1, 4, "a", Group(2)) + Mask(2, 4, "b", Group(1));
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 1)), cycle));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void A_missing_mask_id_is_a_note()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 42))));
        Assert.Contains(report.Notes, n => n.Contains("mask id 42"));
    }

    [Fact]
    public void A_rasterfile_mask_is_possible_and_declares_nothing()
    {
        var history = Item(0, "rasterfile") + Item(1, "exposure", blend: Blend(1 | 8, 0, "rasterfile"));
        var report = DarktableAiDetector.Analyze(Sidecar(2, history));
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DarktableAiKind.ExternalRasterMask, finding.Kind);
        Assert.Equal(DarktableConfidence.Possible, finding.Confidence);
        Assert.True(finding.Used);
        Assert.False(report.AiUsed);
        Assert.Null(report.SuggestedSourceType);
        Assert.Contains("possibly AI", Assert.Single(report.Actions));
    }

    [Theory]
    [InlineData("IMG_1234_denoise.tif", null, "_denoise")]
    [InlineData("IMG_1234_upscale-2x.tif", null, "_upscale-2x")]
    [InlineData("IMG_1234_upscale-4x_01.tif", null, "_upscale-4x")]
    [InlineData("IMG_1234_denoise.dng", null, "linear DNG")]
    [InlineData("IMG_1234.nef", "/out/IMG_1234_denoise.jpg", "_denoise")]
    public void Neural_restore_outputs_are_likely_by_name(string source, string? exported, string reason)
    {
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure"), derivedFrom: source), exported);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DarktableAiKind.NeuralRestore, finding.Kind);
        Assert.Equal(DarktableConfidence.Likely, finding.Confidence);
        Assert.Contains(reason, finding.Reason);
        Assert.Equal("algorithmicallyEnhanced", report.SuggestedSourceType);
    }

    [Fact]
    public void Enhancement_outranks_an_ai_selection()
    {
        var report = DarktableAiDetector.Analyze(Sidecar(2, Item(0, "rawdenoiseai") + Item(1, "exposure", blend: Blend(3, 3)), AiMasks));
        Assert.Equal(2, report.Actions.Count);
        Assert.Equal("algorithmicallyEnhanced", report.SuggestedSourceType);
    }

    [Fact]
    public void Ten_thousand_mask_rows_are_analysed()
    {
        var masks = string.Concat(Enumerable.Range(1, 4_999).Select(i => Mask(i, 2, $"ai object #{i}")))
            + Mask(5_000, 4, "ai object group #1", Group([.. Enumerable.Range(1, 4_999)]))
            + string.Concat(Enumerable.Range(5_001, 4_999).Select(i => Mask(i, 4, $"g{i}", Group(i - 1))));
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 5_000)), masks));
        var finding = Assert.Single(report.Findings);
        Assert.True(finding.Used);
        Assert.Contains("holding 4999 paths", finding.Reason);
    }

    [Fact]
    public void Groups_nested_too_deep_are_not_followed()
    {
        var masks = Mask(1, 2, "ai object #1") + Mask(2, 4, "ai object group #1", Group(1))
            + string.Concat(Enumerable.Range(3, 20).Select(i => Mask(i, 4, $"g{i}", Group(i - 1))));
        var report = DarktableAiDetector.Analyze(Sidecar(1, Item(0, "exposure", blend: Blend(3, 22)), masks));
        Assert.False(report.AiUsed);
        Assert.Contains(report.Notes, n => n.Contains($"nested deeper than {DarktableAiDetector.MaxGroupDepth}"));
    }

    [Fact]
    public void Every_suggested_code_is_a_current_iptc_term()
    {
        foreach (var code in new[] { "humanEdits", "algorithmicallyEnhanced" })
        {
            Assert.True(Candor.Metadata.Iptc.DigitalSourceType.TryGetByCode(code, out var term));
            Assert.False(term.IsRetired);
        }
    }
}
