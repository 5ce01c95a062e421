using System.Text;
using System.Text.Json;
using Candor.Tests.Formats;
using Candor.Tests.Provenance;

namespace Candor.Tests.Cli;

// Text from files and file names must reach the terminal with its control characters visible:
// an ESC, BEL or C1 CSI from a tEXt chunk or a name could otherwise clear the screen, overwrite
// lines, set the title or plant a link, enough to fake a report.
public sealed class TerminalEscapeTests : IDisposable
{
    // Linux allows every byte but '/' and NUL in a name.
    private const string HostileName = "evil\u001B]0;T\u0007\u001B[2J.png";
    private const string VisibleName = @"evil\e]0;T\x07\e[2J.png";

    // An A1111 infotext whose prompt and a parameter value carry escape sequences (and a C1 CSI, U+009B in Latin-1).
    private const string Infotext = "a cat " + TerminalTextTests.Hostile + "\u009B2J\n" +
        "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 2x1, Model: m\u001B[1Aodel";

    private readonly string _dir = Directory.CreateTempSubdirectory("candor-escapes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string HostilePng(string name = HostileName)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, SyntheticImages.Png(SyntheticImages.Chunk("tEXt", SyntheticImages.Latin1("parameters\0" + Infotext))));
        return path;
    }

    private static void AssertNoControls(CandorProcess.Result r)
    {
        foreach (var (name, text) in new[] { ("stdout", r.Out), ("stderr", r.Err) })
        {
            var bad = text.FirstOrDefault(c => c is '\u001B' or '\u0007' or '\u009B' or '\r');
            Assert.True(bad == default, $"{name} holds U+{(int)bad:X4}:\n{text}");
        }
    }

    [Fact]
    public void Inspect_shows_escapes_in_prompt_values_and_the_file_name_as_visible_text()
    {
        var r = CandorProcess.Run("inspect", HostilePng());
        Assert.True(r.ExitCode == 0, r.Err);
        AssertNoControls(r);
        Assert.Contains(@"a cat \e]0;T\x07\e[2J\e[1A\e]8;;http://evil/\x07\x9B2J", r.Out);
        Assert.Contains(@"m\e[1Aodel", r.Out);
        Assert.Contains(VisibleName, r.Out);
    }

    [Fact]
    public void Inspect_raw_shows_escapes_in_every_field()
    {
        var r = CandorProcess.Run("inspect", "--raw", HostilePng());
        Assert.True(r.ExitCode == 0, r.Err);
        AssertNoControls(r);
        Assert.Contains(@"\e]8;;http://evil/\x07", r.Out);
    }

    [Fact]
    public void Inspect_json_keeps_the_exact_text_escaped_as_json()
    {
        var r = CandorProcess.Run("inspect", "--json", HostilePng());
        Assert.True(r.ExitCode == 0, r.Err);
        AssertNoControls(r);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(Path.Combine(_dir, HostileName), json.GetProperty("path").GetString());
        Assert.StartsWith("a cat " + TerminalTextTests.Hostile, json.GetProperty("generators")[0].GetProperty("parameters").GetProperty("prompt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_quoting_a_file_name_show_its_escapes()
    {
        var notImage = Path.Combine(_dir, HostileName);
        File.WriteAllText(notImage, "not an image");
        var missing = Path.Combine(_dir, "gone\u001B[2J\u0007.png");

        foreach (var command in new[] { "inspect", "verify" })
        {
            var r = CandorProcess.Run(command, notImage, missing);
            AssertNoControls(r);
            Assert.Contains(VisibleName, r.Out + r.Err);
            Assert.Contains(@"gone\e[2J\x07.png", r.Err);
        }
    }

    [Fact]
    public void Verify_shows_a_hostile_name_visibly()
    {
        var r = CandorProcess.Run("verify", HostilePng());
        Assert.Equal(3, r.ExitCode);
        AssertNoControls(r);
        Assert.Contains(VisibleName, r.Out);
        Assert.Contains("no Content Credentials", r.Out);
    }

    [Fact]
    public void Disclose_shows_a_hostile_name_visibly_when_it_writes_and_when_it_fails()
    {
        var file = HostilePng();
        var r = CandorProcess.Run("disclose", "--source-type", "trainedAlgorithmicMedia", "--dry-run", file);
        Assert.True(r.ExitCode == 0, r.Err);
        AssertNoControls(r);
        Assert.Contains("would write", r.Out);
        Assert.Contains(VisibleName, r.Out);

        File.WriteAllText(file, "not an image");
        var failed = CandorProcess.Run("disclose", "--source-type", "trainedAlgorithmicMedia", file);
        Assert.Equal(1, failed.ExitCode);
        AssertNoControls(failed);
        Assert.Contains(VisibleName, failed.Err);
    }

    [Fact]
    public void Watermark_detect_and_hash_show_a_hostile_name_visibly()
    {
        var detect = CandorProcess.Run("watermark", "detect", "--public-no-train", HostilePng());
        AssertNoControls(detect);
        Assert.Contains(VisibleName, detect.Out + detect.Err);

        var model = Path.Combine(_dir, "lora\u001B]0;T\u0007.safetensors");
        File.WriteAllBytes(model, Encoding.ASCII.GetBytes("not a safetensors header"));
        var hash = CandorProcess.Run("hash", model);
        AssertNoControls(hash);
        Assert.Contains(@"lora\e]0;T\x07.safetensors", hash.Out + hash.Err);
    }
}
