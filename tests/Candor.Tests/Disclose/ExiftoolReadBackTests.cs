using System.Diagnostics;
using System.Text.Json;
using Candor.Disclose;
using Xunit.Abstractions;

namespace Candor.Tests.Disclose;

/// <summary>
/// exiftool, the reference reader, reads the written disclosure back and finds nothing wrong with
/// the files: no Warning or Error that the original did not already have. One exiftool process per
/// format reads the originals and the outputs together.
/// </summary>
public class ExiftoolReadBackTests(ITestOutputHelper output)
{
    public static TheoryData<string> Formats => new() { ".jpg", ".png", ".webp" };

    [SkippableTheory]
    [MemberData(nameof(Formats))]
    public void Exiftool_reads_the_disclosure_and_reports_no_new_warning(string extension)
    {
        var all = DisclosureSamples.CorpusImages()
            .Where(f => Path.GetExtension(f).Equals(extension, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(all);
        var stride = Math.Max(1, all.Count / 8);
        var inputs = all.Where((_, i) => i % stride == 0).ToList();
        var folder = Directory.CreateTempSubdirectory("candor-exiftool-");
        try
        {
            var outputs = new List<string>();
            foreach (var (input, i) in inputs.Select((f, i) => (f, i)))
            {
                var target = Path.Combine(folder.FullName, $"{i:D2}-{Path.GetFileName(input)}");
                XmpWriter.ApplyFile(input, DisclosureSamples.Content, target);
                outputs.Add(target);
            }
            var tags = Exiftool([.. inputs, .. outputs]);
            for (var i = 0; i < inputs.Count; i++)
            {
                var before = tags[inputs[i]];
                var after = tags[outputs[i]];
                output.WriteLine($"{Path.GetFileName(inputs[i])}: {after}");
                Assert.Equal(DisclosureSamples.SourceType, Text(after, "XMP-iptcExt:DigitalSourceType"));
                Assert.Equal(DisclosureSamples.DataMining, Text(after, "XMP-plus:DataMining"));
                Assert.Equal("Candor 1.0", Text(after, "XMP-candor:DisclosedBy"));
                foreach (var key in new[] { "ExifTool:Warning", "ExifTool:Error" })
                {
                    var problem = Text(after, key);
                    Assert.True(problem is null || problem == Text(before, key), $"{outputs[i]}: exiftool {key}: {problem}");
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string? Text(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    /// <summary>exiftool's JSON for each file, by path; fails the test when exiftool is missing.</summary>
    private static Dictionary<string, JsonElement> Exiftool(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-j", "-G1", "-a", "-n", "-XMP-iptcExt:DigitalSourceType", "-XMP-plus:DataMining", "-XMP-candor:all", "-Warning", "-Error" })
            start.ArgumentList.Add(a);
        foreach (var f in files) start.ArgumentList.Add(f);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("exiftool is not installed: run scripts/setup.sh --tests");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            using var doc = JsonDocument.Parse(stdout.Result);
            Assert.True(doc.RootElement.GetArrayLength() == files.Count, $"exiftool answered for {doc.RootElement.GetArrayLength()} of {files.Count} files: {stderr}");
            return doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("SourceFile").GetString()!, e => e.Clone());
        }
    }
}
