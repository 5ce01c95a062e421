using System.Text.Json;
using Candor.C2pa.Signing;
using Candor.C2pa.Validation;
using Candor.Consent;
using Candor.Disclose;
using Candor.Inspection;
using Candor.Tests.Cli;

namespace Candor.Tests.Disclose;

// The disclose workflow as a library call, on corpus copies in a temporary folder.
public sealed class DiscloserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-discloser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Copy(string relative, string? name = null)
    {
        var target = Path.Combine(_dir, name ?? Path.GetFileName(relative));
        File.Copy(Corpus.Path(relative), target, overwrite: true);
        return target;
    }

    private static string Json(DisclosureOutcome outcome)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) Discloser.WriteJson(w, outcome);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("trainedAlgorithmicMedia", "trainedAlgorithmicMedia")]
    [InlineData("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", "digitalCapture")]
    public void Source_types_are_read_as_codes_or_uris(string given, string code)
    {
        Assert.True(Discloser.TryParseSourceType(given, out var parsed, out var problem));
        Assert.Equal(code, parsed);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("digitalArt", "'digitalArt' is a retired IPTC term; use digitalCreation")]
    [InlineData("photo", "'photo' is not an IPTC Digital Source Type code (e.g. ")]
    public void Unknown_and_retired_source_types_are_refused_in_plain_words(string given, string start)
    {
        Assert.False(Discloser.TryParseSourceType(given, out var code, out var problem));
        Assert.Null(code);
        Assert.StartsWith(start, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_request_asks_for_nothing()
    {
        Assert.True(new DisclosureRequest().AsksForNothing);
        Assert.False(new DisclosureRequest { Auto = true }.AsksForNothing);
        Assert.False(new DisclosureRequest { DataMiningCode = DataMining.Prohibited }.AsksForNothing);
    }

    [SkippableFact]
    public void Auto_plan_declares_a_generated_image_without_changing_it()
    {
        var file = Copy("generators/a1111/controlnet-legacy_dog_rel.png");
        var before = File.ReadAllBytes(file);
        var plan = Discloser.Plan(file, new DisclosureRequest { Auto = true, DataMiningCode = TrainingConsent.DataMiningCode(DoNotTrainScope.AiTraining) });
        Assert.True(plan.HasContent);
        Assert.Equal("trainedAlgorithmicMedia", plan.SourceCode);
        Assert.Equal("http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING", plan.Content.DataMining);
        Assert.NotEmpty(plan.Content.Tools);
        Assert.NotEmpty(plan.Reason);
        Assert.StartsWith("Candor ", plan.Content.Generator, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [SkippableFact]
    public void Apply_writes_what_inspect_reads_back_and_is_idempotent()
    {
        var file = Copy("generators/none/empty.jpg");
        var request = new DisclosureRequest { SourceTypeCode = "digitalCapture", DataMiningCode = DataMining.ProhibitedGenAiMlTraining, Tools = ["Topaz Photo AI"] };
        var outcome = Discloser.Apply(file, request);
        Assert.Equal(DisclosureStatus.Written, outcome.Status);
        Assert.Equal(file, outcome.Written);
        Assert.Null(outcome.Error);
        var report = new Inspector().Inspect(file);
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "digitalCapture");
        Assert.Contains(report.Disclosure.Training, t => t.Value.EndsWith("DMI-PROHIBITED-GENAIMLTRAINING", StringComparison.Ordinal) && t.ProhibitsAiTraining);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(DisclosureStatus.Written, Discloser.Apply(file, request).Status);
        Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [SkippableFact]
    public void Apply_to_a_copy_leaves_the_original_and_a_dry_run_changes_nothing()
    {
        var file = Copy("generators/none/empty.jpg");
        var original = File.ReadAllBytes(file);
        var request = new DisclosureRequest { SourceTypeCode = "digitalCapture" };
        Assert.Equal(DisclosureStatus.Planned, Discloser.Apply(file, request with { DryRun = true }).Status);
        Assert.Equal(original, File.ReadAllBytes(file));
        var copy = Path.Combine(_dir, "labelled.jpg");
        var outcome = Discloser.Apply(file, request, copy);
        Assert.Equal(copy, outcome.Written);
        Assert.Equal(original, File.ReadAllBytes(file));
        Assert.Contains(new Inspector().Inspect(copy).Disclosure.DigitalSourceTypes, d => d.Code == "digitalCapture");
    }

    [SkippableFact]
    public void Files_with_content_credentials_are_refused_unless_forced_or_re_signed()
    {
        var file = Copy("c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp");
        var original = File.ReadAllBytes(file);
        Assert.True(Discloser.HasContentCredentials(file));
        var request = new DisclosureRequest { SourceTypeCode = "trainedAlgorithmicMedia", DataMiningCode = DataMining.ProhibitedAiMlTraining };
        var refused = Discloser.Apply(file, request);
        Assert.Equal(DisclosureStatus.RefusedContentCredentials, refused.Status);
        Assert.Equal(Discloser.ContentCredentialsRefusal, refused.Error);
        Assert.Null(refused.Written);
        Assert.Equal(original, File.ReadAllBytes(file));

        var certs = Corpus.Path("c2pa/certs");
        using var signing = C2paSigningCredentials.Load(Path.Combine(certs, "c2pa-rs-es256.chain.pem"), Path.Combine(certs, "c2pa-rs-es256.key.pem"));
        var signed = Discloser.Apply(file, request with { Signing = signing });
        Assert.True(signed.Status == DisclosureStatus.Written, signed.Error);
        var result = C2paValidator.Validate(file);
        Assert.Equal(C2paValidationState.Valid, result.State);
        Assert.Equal(["cawg.ai_generative_training", "cawg.ai_training"], result.Store!.ActiveManifest!.TrainingMining.Select(t => t.Key).Order());

        var forced = Copy("c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp", "forced.webp");
        Assert.Equal(DisclosureStatus.Written, Discloser.Apply(forced, request with { Force = true }).Status);
    }

    [SkippableFact]
    public void A_broken_file_fails_with_a_message_and_stays_unchanged()
    {
        var broken = Path.Combine(_dir, "broken.png");
        File.WriteAllBytes(broken, File.ReadAllBytes(Corpus.Path("generators/a1111/controlnet-legacy_dog_rel.png"))[..100]);
        var before = File.ReadAllBytes(broken);
        var outcome = Discloser.Apply(broken, new DisclosureRequest { SourceTypeCode = "digitalCapture" });
        Assert.Equal(DisclosureStatus.Failed, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.Error));
        Assert.Null(outcome.Plan);
        Assert.Equal(before, File.ReadAllBytes(broken));
        Assert.Contains("\"error\":", Json(outcome), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Json_is_the_object_the_command_line_prints()
    {
        var original = Corpus.Path("generators/a1111/controlnet-legacy_dog_rel.png");
        var file = Copy("generators/a1111/controlnet-legacy_dog_rel.png");
        var library = Json(Discloser.Apply(file, new DisclosureRequest { Auto = true, DataMiningCode = DataMining.Prohibited, Actions = ["upscaled"] }));
        File.Copy(original, file, overwrite: true);
        var cli = CandorProcess.Run("disclose", "--auto", "--no-train", "--action", "upscaled", file, "--json");
        Assert.True(cli.ExitCode == 0, cli.Err);
        Assert.Equal(cli.Out.TrimEnd('\n'), library);

        var dry = Json(Discloser.Apply(file, new DisclosureRequest { SourceTypeCode = "digitalCapture", DryRun = true }));
        Assert.Equal(CandorProcess.Run("disclose", "--source-type", "digitalCapture", "--dry-run", "--json", file).Out.TrimEnd('\n'), dry);
        Assert.Contains("\"written\":null", dry, StringComparison.Ordinal);
    }
}
