using System.Text.Json;
using Candor.Consent;
using Candor.Tests.Cli;
using Candor.Watermark;

namespace Candor.Tests.Watermark;

// The file-level watermark workflows as library calls, on corpus copies in a temporary folder.
public sealed class WatermarkFileTests : IDisposable
{
    private const string Photo = "generators/a1111/controlnet-legacy_dog_rel.png";
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-watermark-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Temp(string name) => Path.Combine(_dir, name);

    [SkippableFact]
    public void Embed_writes_a_marked_copy_that_detect_finds_and_leaves_the_input_alone()
    {
        var input = Corpus.Path(Photo);
        var before = File.ReadAllBytes(input);
        var payload = WatermarkPayload.DoNotTrain(DoNotTrainScope.AiTraining, 0xCAFEF00D);
        var report = WatermarkFile.Embed(input, Temp("marked.png"), WatermarkKey.PublicDoNotTrain, payload, new WatermarkOptions());
        Assert.True(report.Succeeded, report.Error);
        Assert.Null(report.ErrorFile);
        Assert.InRange(report.Psnr, 35, 60);
        Assert.InRange(report.Ssim, 0.9, 1);
        Assert.Equal(before, File.ReadAllBytes(input));

        var found = WatermarkFile.Detect(report.Output, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default);
        Assert.Null(found.Error);
        Assert.True(found.Detection!.Found);
        Assert.Equal(payload, found.Detection.Payload);
        Assert.False(WatermarkFile.Detect(input, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default).Detection!.Found);
    }

    [SkippableFact]
    public void Embed_refuses_to_overwrite_the_input_or_guess_a_format()
    {
        var input = Temp("in.png");
        File.Copy(Corpus.Path(Photo), input);
        var mark = WatermarkPresets.BenchDefault;
        Assert.Throws<ArgumentException>(() => WatermarkFile.Embed(input, input, WatermarkKey.PublicDoNotTrain, mark, new WatermarkOptions()));
        Assert.Throws<ArgumentException>(() => WatermarkFile.Embed(input, Temp("out.gif"), WatermarkKey.PublicDoNotTrain, mark, new WatermarkOptions()));
        Assert.True(WatermarkFile.IsWritable("a.JPEG"));
        Assert.False(WatermarkFile.IsWritable("a.tiff"));
    }

    [Fact]
    public void Unreadable_files_become_errors_that_name_the_file()
    {
        var broken = Temp("broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var report = WatermarkFile.Embed(broken, Temp("out.png"), WatermarkKey.PublicDoNotTrain, WatermarkPresets.BenchDefault, new WatermarkOptions());
        Assert.False(report.Succeeded);
        Assert.Equal(broken, report.ErrorFile);
        Assert.True(double.IsNaN(report.Psnr));
        Assert.False(File.Exists(Temp("out.png")));

        var missing = WatermarkFile.Detect(Temp("missing.png"), WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default);
        Assert.Null(missing.Detection);
        Assert.Contains("missing.png", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cafef00d", true, 0xCAFEF00Du)]
    [InlineData("CAFEF00D", true, 0xCAFEF00Du)]
    [InlineData("cafef00", false, 0u)]
    [InlineData("cafef00dd", false, 0u)]
    [InlineData("xyz12345", false, 0u)]
    public void Owner_tags_are_exactly_8_hex_digits(string hex, bool ok, uint tag)
    {
        Assert.Equal(ok, WatermarkPresets.TryParseOwnerTag(hex, out var parsed, out var problem));
        Assert.Equal(tag, parsed);
        Assert.Equal(ok ? null : $"'{hex}' is not 8 hex digits", problem);
    }

    [SkippableFact]
    public void Detect_json_is_the_document_the_command_line_prints()
    {
        var marked = Temp("marked.png");
        var payload = WatermarkPayload.DoNotTrain(DoNotTrainScope.GenerativeAiTraining, 7);
        Assert.True(WatermarkFile.Embed(Corpus.Path(Photo), marked, WatermarkKey.PublicDoNotTrain, payload, new WatermarkOptions()).Succeeded);
        var files = new[] { marked, Corpus.Path(Photo) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            WatermarkJson.WriteDetect(w, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default.Threshold,
                files.Select(f => WatermarkFile.Detect(f, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default)));
        var library = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);

        var cli = CandorProcess.Run(["watermark", "detect", "--public-no-train", "--json", .. files]);
        Assert.True(cli.ExitCode == 0, cli.Err);
        Assert.Equal(cli.Out.TrimEnd('\n'), library);
        var result = JsonDocument.Parse(library).RootElement.GetProperty("results")[0];
        Assert.Equal(WatermarkJson.DetectSchema, JsonDocument.Parse(library).RootElement.GetProperty("schema").GetString());
        Assert.Equal("genai", result.GetProperty("noTrain").GetProperty("scope").GetString());
        Assert.Equal("00000007", result.GetProperty("noTrain").GetProperty("owner").GetString());
    }
}
