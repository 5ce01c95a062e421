using System.Diagnostics;
using Candor.Darktable;
using Candor.Formats;
using Candor.Metadata.Iptc;
using Candor.Metadata.Xmp;

namespace Candor.Tests.Darktable;

/// <summary>
/// Runs the real darktable-cli with integrations/darktable/candor.lua as its export hook, and the
/// plug-in calling the built candor (CANDOR_COMMAND = "dotnet …/Candor.Cli.dll"). Needs darktable
/// (scripts/setup.sh --tests installs it); skips without it.
/// </summary>
public sealed class DarktablePluginTests : IDisposable
{
    private readonly List<string> folders = [];

    /// <summary>Removes the folders the runs used.</summary>
    public void Dispose()
    {
        foreach (var folder in folders) Directory.Delete(folder, recursive: true);
    }

    private const string AiObjectDir = "darktable/03_ai_object-mask_dt5.6-style/";
    private const string BasicDir = "darktable/01_no-ai_basic-edit/";
    private const string OptOutTag = "candor|no-disclose";

    private sealed record Export(string File, string Log, int ExitCode);

    [SkippableFact]
    public void Ai_object_mask_export_is_labelled_human_edits()
    {
        var export = Run(AiObjectDir, "subject.png");
        Assert.Equal(0, export.ExitCode);
        Assert.DoesNotContain("disclose failed", export.Log);
        Assert.Equal(DigitalSourceType.Namespace + "humanEdits", SourceTypeOf(export.File));
        // Candor rewrote metadata only: darktable's own history is still in the file.
        Assert.NotNull(DarktableSidecar.LoadEmbedded(export.File));
    }

    [SkippableFact]
    public void No_ai_export_is_left_without_a_source_type()
    {
        var export = Run(BasicDir, "scene.png");
        Assert.Equal(0, export.ExitCode);
        Assert.DoesNotContain("disclose failed", export.Log);
        Assert.Contains("candor:", export.Log);
        Assert.Null(SourceTypeOf(export.File));
    }

    [SkippableFact]
    public void The_opt_out_tag_keeps_candor_out()
    {
        var export = Run(AiObjectDir, "subject.png", tagOptOut: true);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains($"is tagged {OptOutTag}; not labelled", export.Log);
        Assert.Null(SourceTypeOf(export.File));
    }

    [SkippableFact]
    public void A_failing_candor_is_logged_and_the_export_still_happens()
    {
        var export = Run(AiObjectDir, "subject.png", command: "false");
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("candor: disclose failed for out.jpg", export.Log);
        Assert.True(new FileInfo(export.File).Length > 1000);
        Assert.Null(SourceTypeOf(export.File));
    }

    private static string? SourceTypeOf(string file)
    {
        foreach (var payload in ContainerRegistry.Scan(file).Payloads.Where(p => p.Kind == PayloadKind.Xmp))
            foreach (var field in XmpReader.Read(payload.Data, payload.Evidence).Fields)
                if (field.Name == "Iptc4xmpExt:DigitalSourceType") return field.Value;
        return null;
    }

    private Export Run(string sample, string source, bool tagOptOut = false, string? command = null)
    {
        var darktable = FindOnPath("darktable-cli");
        Skip.If(darktable is null, "darktable-cli is not installed (scripts/setup.sh --tests installs it)");
        var plugin = PluginPath();
        var dir = Directory.CreateTempSubdirectory("candor-dt-").FullName;
        folders.Add(dir);
        File.Copy(Corpus.Path(sample + source), Path.Combine(dir, source));
        var sidecar = File.ReadAllText(Corpus.Path(sample + source + ".xmp"));
        // darktable reads tags from the image's own sidecar when it imports the image.
        if (tagOptOut) sidecar = AddTag(sidecar, OptOutTag);
        File.WriteAllText(Path.Combine(dir, source + ".xmp"), sidecar);

        var start = new ProcessStartInfo(darktable!)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            source, source + ".xmp", "out.jpg", "--core",
            "--configdir", Path.Combine(dir, "config"), "--cachedir", Path.Combine(dir, "cache"),
            "--library", ":memory:", "--luacmd", $"dofile(\"{plugin}\")",
        })
            start.ArgumentList.Add(a);
        start.Environment["HOME"] = dir;
        start.Environment["CANDOR_COMMAND"] = command ?? $"dotnet '{Path.Combine(AppContext.BaseDirectory, "Candor.Cli.dll")}'";
        start.Environment["CI"] = "true";
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "candor-test-cache");
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("darktable-cli did not finish within 60 s");
        }
        var log = output.Result + err.Result;
        var exported = Path.Combine(dir, "out.jpg");
        Assert.True(File.Exists(exported), $"darktable-cli exported nothing:\n{log}");
        return new Export(exported, log, process.ExitCode);
    }

    private static string AddTag(string sidecar, string tag)
    {
        sidecar = sidecar.Replace("xmlns:darktable=\"http://darktable.sf.net/\"",
            "xmlns:darktable=\"http://darktable.sf.net/\" xmlns:lr=\"http://ns.adobe.com/lightroom/1.0/\"", StringComparison.Ordinal);
        var at = sidecar.IndexOf("<darktable:masks_history>", StringComparison.Ordinal);
        Assert.True(at > 0);
        return sidecar.Insert(at, $"<lr:hierarchicalSubject><rdf:Bag><rdf:li>{tag}</rdf:li></rdf:Bag></lr:hierarchicalSubject>\n   ");
    }

    private static string PluginPath()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "integrations", "darktable", "candor.lua");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("integrations/darktable/candor.lua not found above the test folder");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);
}
