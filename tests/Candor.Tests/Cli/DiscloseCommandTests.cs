using System.Text.Json;
using Candor.C2pa.Validation;
using Candor.Inspection;
using Candor.Tests.Interop;

namespace Candor.Tests.Cli;

// candor disclose end to end through the real command line.
public sealed class DiscloseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-disclose-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Copy(string relative)
    {
        var target = Path.Combine(_dir, Path.GetFileName(relative));
        File.Copy(Corpus.Path(relative), target, overwrite: true);
        return target;
    }

    private static ProvenanceReport Inspect(string file) => new Inspector().Inspect(file);

    [SkippableFact]
    public void Auto_declares_generated_images_and_no_train_then_inspect_reads_both_back()
    {
        var file = Copy("generators/a1111/controlnet-legacy_dog_rel.png");
        var r = CandorProcess.Run("disclose", "--auto", "--no-train", file, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(file, json.GetProperty("written").GetString());
        var report = Inspect(file);
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "trainedAlgorithmicMedia");
        Assert.Contains(report.Disclosure.Training, t => t.Value.EndsWith("DMI-PROHIBITED", StringComparison.Ordinal) && t.ProhibitsAiTraining);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(0, CandorProcess.Run("disclose", "--auto", "--no-train", file).ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(file)); // idempotent
    }

    [SkippableFact]
    public void Out_writes_a_copy_and_leaves_the_original_alone()
    {
        var file = Copy("generators/none/empty.jpg");
        var original = File.ReadAllBytes(file);
        var copy = Path.Combine(_dir, "labelled.jpg");
        var r = CandorProcess.Run("disclose", "--source-type", "digitalCapture", "--no-train=genai", "--tool", "Topaz Photo AI", "--action", "AI denoise", file, "--out", copy);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(original, File.ReadAllBytes(file));
        var report = Inspect(copy);
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "digitalCapture");
        Assert.Contains(report.Disclosure.Training, t => t.Value.EndsWith("DMI-PROHIBITED-GENAIMLTRAINING", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_signed_file_is_refused_unless_re_signed_and_re_signing_keeps_it_valid_in_the_reference()
    {
        var file = Copy("c2pa/webp/gen-webp-vp8x-xmp-created-ps256.webp");
        var original = File.ReadAllBytes(file);
        var refused = CandorProcess.Run("disclose", "--source-type", "trainedAlgorithmicMedia", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Content Credentials", refused.Err);
        Assert.Contains("not changed", refused.Err);
        Assert.Equal(original, File.ReadAllBytes(file));

        var certs = Corpus.Path("c2pa/certs");
        var signed = CandorProcess.Run("disclose", "--source-type", "compositeWithTrainedAlgorithmicMedia", "--no-train=ai", file,
            "--c2pa", "--cert", Path.Combine(certs, "c2pa-rs-es256.chain.pem"), "--key", Path.Combine(certs, "c2pa-rs-es256.key.pem"));
        Assert.True(signed.ExitCode == 0, signed.Err);
        var result = C2paValidator.Validate(file);
        Assert.Equal(C2paValidationState.Valid, result.State);
        var active = result.Store!.ActiveManifest!;
        Assert.Contains(active.Actions, a => a.Action == "c2pa.edited.metadata" && a.DigitalSourceType!.EndsWith("compositeWithTrainedAlgorithmicMedia", StringComparison.Ordinal));
        Assert.Equal(["cawg.ai_generative_training", "cawg.ai_training"], active.TrainingMining.Select(t => t.Key).Order());
        Assert.Contains(Inspect(file).Disclosure.DigitalSourceTypes, d => d.Code == "compositeWithTrainedAlgorithmicMedia");

        ReferenceValidator.Require();
        var reference = ReferenceValidator.Validate(file);
        Assert.True(reference.State == "Valid" && reference.Failures.SequenceEqual(["signingCredential.untrusted"]), reference.Describe());
    }

    [SkippableFact]
    public void Bad_options_exit_2_and_a_failed_file_does_not_stop_the_batch()
    {
        var good = Copy("generators/none/empty.jpg");
        Assert.Equal(2, CandorProcess.Run("disclose", good).ExitCode); // nothing to disclose
        var retired = CandorProcess.Run("disclose", "--source-type", "digitalArt", good);
        Assert.Equal(2, retired.ExitCode);
        Assert.Contains("digitalCreation", retired.Err);
        Assert.Equal(2, CandorProcess.Run("disclose", "--no-train=everything", good).ExitCode);

        var broken = Path.Combine(_dir, "broken.png");
        File.WriteAllBytes(broken, File.ReadAllBytes(Corpus.Path("generators/a1111/controlnet-legacy_dog_rel.png"))[..100]);
        var brokenBytes = File.ReadAllBytes(broken);
        var batch = CandorProcess.Run("disclose", "--source-type", "digitalCapture", broken, good);
        Assert.Equal(1, batch.ExitCode);
        Assert.Contains("broken.png", batch.Err);
        Assert.Equal(brokenBytes, File.ReadAllBytes(broken));
        Assert.Contains(Inspect(good).Disclosure.DigitalSourceTypes, d => d.Code == "digitalCapture");
    }

    [SkippableFact]
    public void Out_never_replaces_an_existing_file_without_overwrite_nor_names_it_for_another_format()
    {
        var file = Copy("generators/none/empty.jpg");
        var copy = Path.Combine(_dir, "labelled.jpg");
        File.WriteAllText(copy, "keep me");
        var refused = CandorProcess.Run("disclose", "--source-type", "digitalCapture", file, "--out", copy);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists; not replacing it (--overwrite replaces it) (the file was not changed)", refused.Err);
        Assert.Equal("keep me", File.ReadAllText(copy));
        var replaced = CandorProcess.Run("disclose", "--source-type", "digitalCapture", file, "--out", copy, "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.Err);
        Assert.NotEqual("keep me", File.ReadAllText(copy));

        var png = Path.Combine(_dir, "labelled.png");
        var wrongName = CandorProcess.Run("disclose", "--source-type", "digitalCapture", file, "--out", png);
        Assert.Equal(1, wrongName.ExitCode);
        Assert.Contains("the image is JPEG; give it a JPEG extension", wrongName.Err);
        Assert.False(File.Exists(png));
    }

    [SkippableFact]
    public void C2pa_with_a_self_signed_certificate_is_refused_before_any_file_changes()
    {
        var file = Copy("generators/none/empty.jpg");
        var original = File.ReadAllBytes(file);
        var certs = Corpus.Path("c2pa/certs");
        var refused = CandorProcess.Run("disclose", "--source-type", "digitalCapture", file, "--c2pa",
            "--cert", Path.Combine(certs, "candor-test-selfsigned.chain.pem"), "--key", Path.Combine(certs, "candor-test-selfsigned.key.pem"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("refusing to sign", refused.Err);
        Assert.Contains("self-signed", refused.Err);
        Assert.Equal(original, File.ReadAllBytes(file));
    }
}
