using System.Security.Cryptography;
using System.Text.Json;
using Candor.Tests.C2pa.Trust;

namespace Candor.Tests.Cli;

// The C2PA commands end to end through the real command line: keygen → sign → verify.
public sealed class C2paCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-c2pa-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    [SkippableFact]
    public void Keygen_sign_and_verify_give_a_trusted_file_and_an_edit_keeps_its_parent()
    {
        var input = Corpus.Path("c2pa/png/libpng-test.png");
        var original = File.ReadAllBytes(input);
        var keygen = CandorProcess.Run("c2pa", "keygen", In("keys"), "--alg", "es384");
        Assert.Equal(0, keygen.ExitCode);
        Assert.Contains("TEST credentials", keygen.Out);
        var (chain, key, ca) = (In("keys/candor-test-es384.chain.pem"), In("keys/candor-test-es384.key.pem"), In("keys/candor-test-ca.pem"));
        Assert.True(File.Exists(chain) && File.Exists(key) && File.Exists(ca));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(2, CandorProcess.Run("c2pa", "keygen", In("keys"), "--alg", "es384").ExitCode); // never overwrites silently

        var sign = CandorProcess.Run("c2pa", "sign", input, In("signed.png"), "--cert", chain, "--key", key,
            "--source-type", "trainedAlgorithmicMedia", "--training", "notAllowed");
        Assert.True(sign.ExitCode == 0, sign.Err);
        Assert.Contains("ES384", sign.Out);
        Assert.Equal(original, File.ReadAllBytes(input));

        var trusted = CandorProcess.Run("verify", "--json", "--trust", ca, In("signed.png"));
        Assert.Equal(0, trusted.ExitCode);
        var json = JsonDocument.Parse(trusted.Out).RootElement;
        Assert.Equal("candor.verify/1", json.GetProperty("schema").GetString());
        Assert.Equal("Trusted", json.GetProperty("state").GetString());
        var manifest = json.GetProperty("manifests")[0];
        Assert.Equal("c2pa.created", manifest.GetProperty("actions")[0].GetProperty("action").GetString());
        Assert.EndsWith("trainedAlgorithmicMedia", manifest.GetProperty("actions")[0].GetProperty("digital_source_type").GetString());
        Assert.Contains(manifest.GetProperty("training_mining").EnumerateArray(), t => t.GetProperty("use").GetString() == "notAllowed");

        var edit = CandorProcess.Run("c2pa", "sign", In("signed.png"), In("edited.png"), "--cert", chain, "--key", key, "--action", "c2pa.color_adjustments");
        Assert.True(edit.ExitCode == 0, edit.Err);
        Assert.Contains("parent ingredient", edit.Out);
        var readable = CandorProcess.Run("verify", In("edited.png"));
        Assert.Equal(0, readable.ExitCode);
        Assert.Contains("Valid", readable.Out);
        Assert.Contains("c2pa.color_adjustments", readable.Out);
        Assert.Contains("parentOf", readable.Out);
    }

    [SkippableFact]
    public void Verify_exits_3_for_an_invalid_file_and_names_the_failure()
    {
        var r = CandorProcess.Run("verify", Corpus.Path("c2pa/png/gen-png-tampered-pixels.png"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("Invalid", r.Out);
        Assert.Contains("assertion.dataHash.mismatch", r.Out);
    }

    [SkippableFact]
    public void Verify_reports_a_remote_manifest_without_fetching_it_and_goes_on_with_the_batch()
    {
        var r = CandorProcess.Run("verify", "--json", Corpus.Path("c2pa/jpeg/cloud.jpg"), In("missing.jpg"), Corpus.Path("c2pa/webp/gen-webp-edit-ps256.webp"));
        Assert.Equal(1, r.ExitCode); // the missing file
        Assert.Contains("missing.jpg", r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("remote_manifest", lines[0].GetProperty("outcome").GetString());
        Assert.StartsWith("https://cai-manifests.adobe.com/", lines[0].GetProperty("remote_manifest_url").GetString());
        Assert.Equal("Valid", lines[1].GetProperty("state").GetString());
    }

    [SkippableFact]
    public void Sign_refuses_a_new_manifest_without_a_source_type_and_never_overwrites_the_input()
    {
        var input = Corpus.Path("c2pa/png/libpng-test.png");
        var certs = Corpus.Path("c2pa/certs");
        var noType = CandorProcess.Run("c2pa", "sign", input, In("out.png"), "--cert", Path.Combine(certs, "c2pa-rs-es256.chain.pem"), "--key", Path.Combine(certs, "c2pa-rs-es256.key.pem"));
        Assert.Equal(2, noType.ExitCode);
        Assert.Contains("digital source type", noType.Err);
        Assert.DoesNotContain("Parameter", noType.Err);
        Assert.False(File.Exists(In("out.png")));
        var same = CandorProcess.Run("c2pa", "sign", input, input, "--cert", Path.Combine(certs, "c2pa-rs-es256.chain.pem"), "--key", Path.Combine(certs, "c2pa-rs-es256.key.pem"), "--source-type", "digitalArt");
        Assert.Equal(2, same.ExitCode);
        var wrongAlg = CandorProcess.Run("c2pa", "sign", input, In("out.png"), "--cert", Path.Combine(certs, "c2pa-rs-es256.chain.pem"), "--key", Path.Combine(certs, "c2pa-rs-es256.key.pem"), "--source-type", "digitalArt", "--alg", "ps256");
        Assert.Equal(2, wrongAlg.ExitCode);
        Assert.False(File.Exists(In("out.png")));
    }

    // An expired signing certificate and its key, written as the PEM files sign takes.
    private (string Chain, string Key) ExpiredCredentials()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = TestCredentials.RootCa();
        using var leaf = TestCredentials.Issue(TestCredentials.LeafRequest(key), ca, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1));
        File.WriteAllText(In("expired.chain.pem"), leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(In("expired.key.pem"), key.ExportPkcs8PrivateKeyPem());
        return (In("expired.chain.pem"), In("expired.key.pem"));
    }

    [SkippableFact]
    public void Sign_refuses_an_expired_certificate_before_writing_unless_allowed_for_fixtures()
    {
        var input = Corpus.Path("c2pa/png/libpng-test.png");
        var (chain, key) = ExpiredCredentials();
        var refused = CandorProcess.Run("c2pa", "sign", input, In("out.png"), "--cert", chain, "--key", key, "--source-type", "digitalArt");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("refusing to sign: the signing certificate 'CN=Candor unit-test signer' expired on", refused.Err);
        Assert.Contains("--allow-invalid-cert", refused.Err);
        Assert.False(File.Exists(In("out.png")));

        var allowed = CandorProcess.Run("c2pa", "sign", input, In("out.png"), "--cert", chain, "--key", key, "--source-type", "digitalArt", "--allow-invalid-cert");
        Assert.True(allowed.ExitCode == 0, allowed.Err);
        Assert.Contains("signingCredential.expired", CandorProcess.Run("verify", In("out.png")).Out);
        Assert.Contains("test fixtures", CandorProcess.Run("c2pa", "sign", "--help").Out);
    }

    [SkippableFact]
    public void Sign_never_replaces_an_existing_output_without_force_nor_names_it_for_another_format()
    {
        var input = Corpus.Path("c2pa/png/libpng-test.png");
        var certs = Corpus.Path("c2pa/certs");
        string[] credentials = ["--cert", Path.Combine(certs, "c2pa-rs-es256.chain.pem"), "--key", Path.Combine(certs, "c2pa-rs-es256.key.pem"), "--source-type", "digitalArt"];
        File.WriteAllText(In("out.png"), "keep me");
        var refused = CandorProcess.Run(["c2pa", "sign", input, In("out.png"), .. credentials]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists; not replacing it (--force replaces it)", refused.Err);
        Assert.Equal("keep me", File.ReadAllText(In("out.png")));
        Assert.Equal(0, CandorProcess.Run(["c2pa", "sign", input, In("out.png"), .. credentials, "--force"]).ExitCode);
        Assert.NotEqual("keep me", File.ReadAllText(In("out.png")));

        var wrongName = CandorProcess.Run(["c2pa", "sign", input, In("out.jpg"), .. credentials]);
        Assert.Equal(2, wrongName.ExitCode);
        Assert.Contains("is named as a JPEG file but the image is PNG; give it a PNG extension (.png)", wrongName.Err);
        Assert.False(File.Exists(In("out.jpg")));
    }

    [SkippableFact]
    public void Keygen_into_a_folder_it_cannot_create_says_so_in_one_line_and_leaves_nothing()
    {
        File.WriteAllText(In("taken"), "a file, not a folder");
        var r = CandorProcess.Run("c2pa", "keygen", In("taken/keys"));
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("candor: ", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal([In("taken")], Directory.EnumerateFileSystemEntries(_dir));
    }
}
