using System.Diagnostics;
using Candor.Disclose;
using Candor.Inspection;
using Candor.Tests.Disclose;

namespace Candor.Tests.Metadata.Xmp;

/// <summary>
/// Photographs from Debian's plasma-workspace-wallpapers whose XMP repeats properties (REALWORLD.md
/// says which files and what each must decode to). scripts/setup.sh --tests installs the package.
/// </summary>
public class RealWorldXmpTests
{
    private const string Package = "plasma-workspace-wallpapers";

    /// <summary>Capture One 8: one rdf:Description per namespace, single-quoted attributes, LegacyIPTCDigest twice, XResolution 300 then 72.</summary>
    private const string Path = "/usr/share/wallpapers/Path/contents/images/2560x1600.jpg";

    /// <summary>digiKam 4: xmp:Rating, digiKam labels, MicrosoftPhoto fields and exif resolution repeated, some with other values.</summary>
    private const string ColorfulCups = "/usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg";

    private static string Require(string file)
    {
        Skip.IfNot(File.Exists(file), $"{file} is missing: the Debian package {Package} is not installed (scripts/setup.sh --tests installs it)");
        return file;
    }

    private static ProvenanceReport Inspect(string file) =>
        new Inspector(new InspectOptions { IncludeRaw = true }).Inspect(Require(file));

    private static Dictionary<string, string> XmpFields(ProvenanceReport report) =>
        report.Raw!.Fields.Where(f => f.Group == Candor.Metadata.FieldGroups.Xmp).GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Value);

    [SkippableFact]
    public void Capture_one_export_keeps_its_lens_dates_and_camera()
    {
        var report = Inspect(Path);
        Assert.DoesNotContain(report.Findings, f => f.Code == "unreadable-block");
        Assert.Equal(4, report.Findings.Count(f => f.Code == "xmp-repaired"));
        Assert.Contains(report.Findings, f => f.Code == "xmp-repaired" && f.Message.Contains("exif:XResolution is written twice; the first value \"300\" was kept and \"72\" dropped"));
        var xmp = XmpFields(report);
        Assert.Equal("OLYMPUS M.7-14mm F2.8", xmp["aux:Lens"]);
        Assert.Equal("2015-09-06T18:46:57", xmp["photoshop:DateCreated"]);
        Assert.Equal("2015:09:06 18:46:57", xmp["exif:DateTimeOriginal"]);
        Assert.Equal("Capture One 8 Windows", xmp["exif:Software"]);
        Assert.Equal("DAE65D55D312A812D66EBE88890FBEB4", xmp["photoshop:LegacyIPTCDigest"]);
        Assert.Equal("300", xmp["exif:XResolution"]);
    }

    [SkippableFact]
    public void DigiKam_export_keeps_its_keywords_and_rating()
    {
        var report = Inspect(ColorfulCups);
        Assert.DoesNotContain(report.Findings, f => f.Code == "unreadable-block");
        Assert.Contains(report.Findings, f => f.Code == "xmp-repaired" && f.Message.Contains("xmp:Rating is written twice with the same value"));
        var xmp = XmpFields(report);
        Assert.Equal("5", xmp["xmp:Rating"]);
        Assert.Equal("Close-up", xmp["dc:subject[1]"]);
        Assert.Equal("digiKam-4.0.0-beta4", xmp["tiff:Software"]);
        Assert.StartsWith("Colorful cups. Aarhus, Denmark.", xmp["exif:ImageDescription"]);
    }

    [SkippableTheory]
    [InlineData(Path)]
    [InlineData(ColorfulCups)]
    public void Disclose_writes_a_packet_that_XmpCore_and_exiftool_accept(string file)
    {
        var output = XmpWriter.Apply(File.ReadAllBytes(Require(file)), DisclosureSamples.Content);
        var xmp = DisclosureSamples.XmpFields(output);
        Assert.Contains(xmp, f => f.Name == "Iptc4xmpExt:DigitalSourceType" && f.Value == DisclosureSamples.SourceType);
        Assert.Contains(xmp, f => f.Name == "exif:XResolution");

        var report = new Inspector().Inspect(new MemoryStream(output), file);
        Assert.DoesNotContain(report.Findings, f => f.Code is "xmp-repaired" or "unreadable-block");

        var target = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(target, output);
            var after = Exiftool("-a", "-G1", "-s", "-warning", "-XMP-iptcExt:DigitalSourceType", target);
            Assert.Contains("DigitalSourceType", after);
            // The writer adds no warning: whatever exiftool says of the output it already said of the original.
            var before = Warnings(Exiftool("-a", "-G1", "-s", "-warning", file));
            Assert.All(Warnings(after), w => Assert.Contains(w, before));
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static List<string> Warnings(string exiftoolOutput) =>
        exiftoolOutput.Split('\n').Where(l => l.Contains("Warning", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    private static string Exiftool(params string[] args)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("exiftool did not start");
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return stdout;
    }
}
