using Candor.Inspection;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests.Inspection;

public class SoftwareMentionTests
{
    private static readonly Inspector Inspector = new(new InspectOptions { DecodePixels = false, C2pa = null });

    [SkippableFact]
    public void The_editor_named_in_exif_is_reported_with_where_it_was_found()
    {
        var report = Inspector.Inspect(Corpus.Path("generators/none/gimp.webp"));
        var software = Assert.Single(report.Software!);
        Assert.Equal("GIMP 3.0.6", software.Name);
        Assert.Equal("EXIF IFD0", software.Evidence.Block);
        Assert.Equal("Software", software.Evidence.Key);
        Assert.Contains("\"software\":[{\"name\":\"GIMP 3.0.6\"", ReportJson.Serialize(report, indented: false));
    }

    [SkippableFact]
    public void Xmp_creator_tool_and_history_agents_are_listed_once_each_in_the_order_found()
    {
        var report = Inspector.Inspect(Corpus.Path("generators/adobe-firefly/photoshop-generative-fill_splash-banner.png"));
        Assert.Equal(["Adobe Photoshop 25.0 (Windows)", "Adobe Photoshop 25.1 (20230913.m.2327 432629c)  (Windows)"],
            report.Software!.Select(s => s.Name));
        Assert.Equal("xmp:CreatorTool", report.Software![0].Evidence.Key);
    }

    [SkippableFact]
    public void A_file_that_names_no_software_has_no_software_member()
    {
        var report = Inspector.Inspect(Corpus.Path("generators/comfyui/depth_controlnet.png"));
        Assert.Null(report.Software);
        Assert.DoesNotContain("\"software\"", ReportJson.Serialize(report, indented: false));
    }

    [Fact]
    public void Only_software_fields_count_and_blank_values_are_skipped()
    {
        var at = new Evidence("test");
        List<MetadataField> fields =
        [
            new(FieldGroups.ExifIfd0, "Make", "Canon", at),
            new(FieldGroups.ExifIfd0, "Software", "  ", at),
            new(FieldGroups.PngText, "Software", "Krita 5.2", at),
            new(FieldGroups.Xmp, "xmpMM:History[3]/stEvt:softwareAgent", "Krita 5.2", at),
            new(FieldGroups.Xmp, "xmpMM:History[3]/stEvt:action", "saved", at),
            new(FieldGroups.Xmp, "tiff:Software", "darktable 4.8", at),
            new(FieldGroups.ExifSubIfd, "Software", "not IFD0", at),
        ];
        Assert.Equal(["Krita 5.2", "darktable 4.8"], SoftwareMention.From(fields)!.Select(s => s.Name));
        Assert.Null(SoftwareMention.From([new(FieldGroups.ExifIfd0, "Make", "Canon", at)]));
    }
}
