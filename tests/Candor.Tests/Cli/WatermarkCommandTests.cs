using System.Text.Json;

namespace Candor.Tests.Cli;

/// <summary>A key and a marked copy of kodim23 made once through the real CLI, shared by the tests that only read them.</summary>
public sealed class WatermarkCliFixture : IDisposable
{
    private readonly Lazy<(string Key, string Marked)> _made;

    public WatermarkCliFixture()
    {
        Dir = Directory.CreateTempSubdirectory("candor-wm-cli-").FullName;
        _made = new(() =>
        {
            var key = Path.Combine(Dir, "mark.key");
            var marked = Path.Combine(Dir, "marked.png");
            Assert.Equal(0, CandorProcess.Run("watermark", "keygen", key).ExitCode);
            var r = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), marked, "--key-file", key, "--message", "hi there");
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Contains("PSNR", r.Out);
            return (key, marked);
        });
    }

    public string Dir { get; }

    /// <summary>The key file and the marked image (skips the test when the corpus is absent).</summary>
    public (string Key, string Marked) Made
    {
        get
        {
            Corpus.Require();
            return _made.Value;
        }
    }

    public void Dispose() => Directory.Delete(Dir, true);
}

public class WatermarkCommandTests(WatermarkCliFixture fixture) : IClassFixture<WatermarkCliFixture>
{
    [Fact]
    public void Keygen_writes_an_owner_only_key_and_refuses_to_overwrite_it()
    {
        var dir = Directory.CreateTempSubdirectory("candor-wm-keygen-");
        try
        {
            var key = Path.Combine(dir.FullName, "k.key");
            var r = CandorProcess.Run("watermark", "keygen", key);
            Assert.Equal(0, r.ExitCode);
            var first = File.ReadAllText(key);
            Assert.StartsWith("candor-watermark-key-v1 ", first);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));

            var again = CandorProcess.Run("watermark", "keygen", key);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains("already exists", again.Err);
            Assert.Equal(first, File.ReadAllText(key));

            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            Assert.Equal(0, CandorProcess.Run("watermark", "keygen", key, "--force").ExitCode);
            Assert.NotEqual(first, File.ReadAllText(key));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [SkippableFact]
    public void Embed_with_a_message_then_detect_finds_the_text()
    {
        var (key, marked) = fixture.Made;
        var r = CandorProcess.Run("watermark", "detect", marked, "--key-file", key);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("found", r.Out);
        Assert.DoesNotContain("not found", r.Out);
        Assert.Contains("\"hi there\"", r.Out);
        Assert.Contains("6869207468657265", r.Out);
    }

    [SkippableFact]
    public void Detect_with_another_key_says_not_found_and_exits_0()
    {
        var (_, marked) = fixture.Made;
        var other = Path.Combine(fixture.Dir, "other.key");
        if (!File.Exists(other)) Assert.Equal(0, CandorProcess.Run("watermark", "keygen", other).ExitCode);
        var r = CandorProcess.Run("watermark", "detect", marked, "--key-file", other);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("not found", r.Out);
        Assert.DoesNotContain("hi there", r.Out);
    }

    [SkippableFact]
    public void Detect_json_has_the_schema_and_one_result_per_file()
    {
        var (key, marked) = fixture.Made;
        var original = Corpus.Path("photos/kodim23.png");
        var r = CandorProcess.Run("watermark", "detect", marked, original, "--key-file", key, "--json");
        Assert.Equal(0, r.ExitCode);
        var doc = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("candor.watermark/1", doc.GetProperty("schema").GetString());
        var results = doc.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.True(results[0].GetProperty("found").GetBoolean());
        Assert.Equal("6869207468657265", results[0].GetProperty("payload").GetString());
        Assert.Equal("hi there", results[0].GetProperty("text").GetString());
        Assert.True(results[0].GetProperty("pValue").GetDouble() < 1e-6);
        Assert.False(results[1].GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("payload").ValueKind);
    }

    [SkippableFact]
    public void Bad_payload_hex_exits_2_with_a_plain_message()
    {
        var (key, _) = fixture.Made;
        var output = Path.Combine(fixture.Dir, "never.png");
        var r = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), output, "--key-file", key, "--payload", "12zz");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--payload", line);
        Assert.Contains("16 hex digits", line);
        Assert.DoesNotContain("Exception", r.Err);
        Assert.False(File.Exists(output));
    }

    [SkippableFact]
    public void Embed_prints_the_marks_psnr_by_default_and_measures_the_written_file_on_request()
    {
        var (key, _) = fixture.Made;
        var png = Path.Combine(fixture.Dir, "quick.png");
        var quick = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), png, "--key-file", key, "--payload", "0011223344556677");
        Assert.True(quick.ExitCode == 0, quick.Err);
        Assert.Contains("dB (the written pixels against", quick.Out);
        Assert.DoesNotContain("SSIM ", quick.Out);
        // A PNG holds the marked pixels exactly: the quick figure is the written file's, as --measure finds again.
        var quickPsnr = double.Parse(System.Text.RegularExpressions.Regex.Match(quick.Out, @"PSNR ([0-9.]+) dB").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var measured = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), png, "--key-file", key, "--payload", "0011223344556677", "--measure");
        Assert.True(measured.ExitCode == 0, measured.Err);
        Assert.Matches(@"PSNR ([0-9.]+) dB, SSIM 0\.9[0-9]+ \(the written file against", measured.Out);
        Assert.Contains($"PSNR {quickPsnr.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} dB, SSIM", measured.Out);

        var jpeg = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), Path.Combine(fixture.Dir, "quick.jpg"), "--key-file", key, "--payload", "0011223344556677");
        Assert.True(jpeg.ExitCode == 0, jpeg.Err);
        Assert.Contains("dB of the mark before compression", jpeg.Out);
    }

    [SkippableFact]
    public void Embed_refuses_to_overwrite_its_input()
    {
        var (key, marked) = fixture.Made;
        var before = File.ReadAllBytes(marked);
        var r = CandorProcess.Run("watermark", "embed", marked, marked, "--key-file", key, "--payload", "0011223344556677");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("never overwritten", r.Err);
        Assert.Equal(before, File.ReadAllBytes(marked));
    }

    [SkippableFact]
    public void An_unreadable_file_in_a_batch_gets_an_error_line_and_the_other_is_still_reported()
    {
        var (key, marked) = fixture.Made;
        var bad = Path.Combine(fixture.Dir, "broken.png");
        File.WriteAllText(bad, "this is not an image");
        var r = CandorProcess.Run("watermark", "detect", bad, marked, "--key-file", key);
        Assert.Equal(1, r.ExitCode);
        var error = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken.png", error);
        Assert.DoesNotContain("Exception", error);
        Assert.Contains("marked.png: found", r.Out);
        Assert.Contains("hi there", r.Out);
    }

    [SkippableFact]
    public void No_train_preset_is_found_with_the_public_key_and_carries_its_scope()
    {
        var marked = Path.Combine(fixture.Dir, "no-train.jpg");
        var e = CandorProcess.Run("watermark", "embed", Corpus.Path("photos/kodim23.png"), "--no-train", "genai", "--owner", "0000beef", marked);
        Assert.True(e.ExitCode == 0, e.Err);
        Assert.Contains("do not train", e.Out);

        var r = CandorProcess.Run("watermark", "detect", marked, "--public-no-train", "--json");
        Assert.Equal(0, r.ExitCode);
        var result = JsonDocument.Parse(r.Out).RootElement.GetProperty("results")[0];
        Assert.True(result.GetProperty("found").GetBoolean());
        var payload = Candor.Watermark.WatermarkPayload.FromHex(result.GetProperty("payload").GetString()!);
        Assert.Equal(Candor.Consent.DoNotTrainScope.GenerativeAiTraining, payload.NoTrainScope);
        Assert.Equal(0x0000beefu, payload.OwnerTag);
        Assert.Equal("genai", result.GetProperty("noTrain").GetProperty("scope").GetString());
    }

    [SkippableFact]
    public void A_bare_no_train_means_all_and_leaves_the_files_to_the_arguments()
    {
        var marked = Path.Combine(fixture.Dir, "no-train-all.png");
        var e = CandorProcess.Run("watermark", "embed", "--no-train", Corpus.Path("photos/kodim23.png"), marked);
        Assert.True(e.ExitCode == 0, e.Err);
        var r = CandorProcess.Run("watermark", "detect", marked, "--public-no-train");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("no text and data mining at all", r.Out);
    }

    [SkippableFact]
    public void Inspect_with_a_watermark_key_reports_the_mark_as_a_finding()
    {
        var (key, marked) = fixture.Made;
        var r = CandorProcess.Run("inspect", marked, "--watermark-key", key, "--json");
        Assert.Equal(0, r.ExitCode);
        var findings = JsonDocument.Parse(r.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var mark = Assert.Single(findings, f => f.GetProperty("code").GetString() == "watermark-found");
        Assert.Contains("hi there", mark.GetProperty("message").GetString());
    }

    [SkippableFact]
    public void Detect_takes_a_folder()
    {
        var (key, marked) = fixture.Made;
        var dir = Directory.CreateTempSubdirectory("candor-wm-folder-");
        try
        {
            File.Copy(marked, Path.Combine(dir.FullName, "a.png"));
            File.Copy(Corpus.Path("photos/kodim23.png"), Path.Combine(dir.FullName, "b.png"));
            var r = CandorProcess.Run("watermark", "detect", dir.FullName, "--key-file", key);
            Assert.Equal(0, r.ExitCode);
            var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Contains(lines, l => l.Contains("a.png: found", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("b.png: not found", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Detect_needs_exactly_one_key_source()
    {
        var r = CandorProcess.Run("watermark", "detect", "whatever.png");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--key-file", r.Err);
    }

    [Fact]
    public void Bench_over_only_unreadable_images_lists_them_and_exits_1()
    {
        var dir = Directory.CreateTempSubdirectory("candor-wm-bench-cli-");
        try
        {
            var key = Path.Combine(dir.FullName, "k.key");
            Assert.Equal(0, CandorProcess.Run("watermark", "keygen", key).ExitCode);
            File.WriteAllText(Path.Combine(dir.FullName, "broken.png"), "not an image");
            var r = CandorProcess.Run("watermark", "bench", dir.FullName, "--key-file", key, "--json");
            Assert.Equal(1, r.ExitCode);
            var doc = JsonDocument.Parse(r.Out).RootElement;
            Assert.Equal("candor.watermark-bench/1", doc.GetProperty("schema").GetString());
            Assert.Contains("broken.png", Assert.Single(doc.GetProperty("skipped").EnumerateArray().ToList()).GetString());
            Assert.Equal(23, doc.GetProperty("attacks").GetArrayLength());
            Assert.Contains("broken.png", r.Err);

            var bad = CandorProcess.Run("watermark", "bench", dir.FullName, "--key-file", key, "--payload", "xyz");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("--payload", bad.Err);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
