using System.Text.Json;

namespace Candor.Tests.Cli;

public class InspectCommandTests
{
    [SkippableFact]
    public void One_file_gives_one_json_document_and_exit_0()
    {
        var r = CandorProcess.Run("inspect", "--json", Corpus.Path("generators/a1111/lora-hashes_1girl.png"));
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("candor.inspect/1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal("Generated", doc.RootElement.GetProperty("ai").GetProperty("use").GetString());
        var g = doc.RootElement.GetProperty("generators")[0];
        Assert.Equal("1157152124", g.GetProperty("parameters").GetProperty("seed").GetString());
        Assert.Equal("High", g.GetProperty("controls")[0].GetProperty("risk").GetString());
    }

    [SkippableFact]
    public void A_folder_gives_json_lines_in_order_one_per_image()
    {
        var r = CandorProcess.Run("inspect", "--json", Corpus.Path("generators/comfyui"));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        var paths = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()!).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        var tools = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("generators")[0].GetProperty("tool").GetString()).ToList();
        // Seven ComfyUI graphs, and one custom save node that writes A1111-style text instead.
        Assert.Equal(7, tools.Count(t => t == "ComfyUI"));
        Assert.Single(tools, "AUTOMATIC1111-compatible");
    }

    [SkippableFact]
    public void Bad_files_get_one_plain_line_each_the_batch_goes_on_and_exit_is_1()
    {
        var dir = Directory.CreateTempSubdirectory("candor-cli-");
        try
        {
            var notImage = Path.Combine(dir.FullName, "notes.png");
            File.WriteAllText(notImage, "this is not an image at all");
            var truncated = Path.Combine(dir.FullName, "truncated.png");
            var bytes = File.ReadAllBytes(Corpus.Path("generators/a1111/sd-webui.png"));
            File.WriteAllBytes(truncated, bytes[..5000]);
            var good = Corpus.Path("generators/a1111/automatic1111_cropped.png");

            var r = CandorProcess.Run("inspect", notImage, truncated, good, Path.Combine(dir.FullName, "missing.png"));
            Assert.Equal(1, r.ExitCode);
            var errors = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, errors.Length);
            Assert.Contains(errors, e => e.Contains("notes.png") && e.Contains("not a supported image format"));
            Assert.Contains(errors, e => e.Contains("truncated.png") && e.Contains("byte"));
            Assert.Contains(errors, e => e.Contains("missing.png"));
            Assert.DoesNotContain("   at ", r.Err);
            Assert.Contains("photo of a duck", r.Out);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("inspect")]
    [InlineData("inspect", "--no-such-option", "x.png")]
    [InlineData("inspect", "--jobs", "0", "x.png")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var r = CandorProcess.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.NotEmpty(r.Err);
    }

    [SkippableFact]
    public void Raw_lists_every_block_and_field()
    {
        var r = CandorProcess.Run("inspect", "--json", "--raw", Corpus.Path("generators/a1111/sd-webui.webp"));
        Assert.Equal(0, r.ExitCode);
        var raw = JsonDocument.Parse(r.Out).RootElement.GetProperty("raw");
        Assert.Contains(raw.GetProperty("blocks").EnumerateArray(), b => b.GetProperty("type").GetString() == "EXIF");
        Assert.Contains(raw.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "UserComment" && f.GetProperty("value").GetString()!.Contains("Steps: 20"));
    }

    [SkippableFact]
    public void Human_output_explains_the_verdict_and_control_risk()
    {
        var r = CandorProcess.Run("inspect", Corpus.Path("generators/comfyui/depth_controlnet.png"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("AI-generated", r.Out);
        Assert.Contains("ComfyUI", r.Out);
        Assert.Contains("medium", r.Out);
        Assert.Contains("diff_control_sd15_depth_fp16", r.Out);
    }
}

public class InspectModelsTests
{
    [SkippableFact]
    public void A_local_model_with_the_claimed_name_but_other_bytes_is_a_mismatch()
    {
        var image = Corpus.Path("generators/a1111/lora-hashes_1girl.png");
        var dir = Directory.CreateTempSubdirectory("candor-models-");
        try
        {
            var header = System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
            File.WriteAllBytes(Path.Combine(dir.FullName, "cetusMix_v4.safetensors"), [.. BitConverter.GetBytes((long)header.Length), .. header, 1, 2, 3, 4]);

            var r = CandorProcess.Run("inspect", "--json", "--models", dir.FullName, image);
            Assert.Equal(0, r.ExitCode);
            var checks = JsonDocument.Parse(r.Out).RootElement.GetProperty("modelChecks").EnumerateArray().ToList();
            var checkpoint = Assert.Single(checks, c => c.GetProperty("model").GetString() == "cetusMix_v4");
            Assert.Equal("Mismatch", checkpoint.GetProperty("status").GetString());
            Assert.Equal("b42b09ff12", checkpoint.GetProperty("claimedHash").GetString());
            Assert.EndsWith("cetusMix_v4.safetensors", checkpoint.GetProperty("localFile").GetString());
            var lora = Assert.Single(checks, c => c.GetProperty("model").GetString() == "lcm_lora_sd15");
            Assert.Equal("Unknown", lora.GetProperty("status").GetString());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
