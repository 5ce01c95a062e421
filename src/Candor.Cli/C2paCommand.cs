using System.CommandLine;
using System.Security.Cryptography;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.Consent;
using Candor.FileSystem;
using Spectre.Console;

namespace Candor.Cli;

/// <summary>
/// <c>candor c2pa sign|keygen|verify</c>: create, sign and validate Content Credentials.
/// </summary>
internal static class C2paCommand
{
    public static Command Create()
    {
        var command = new Command("c2pa", "Content Credentials (C2PA): sign a file, make test keys, validate.");
        command.Subcommands.Add(Sign());
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(VerifyCommand.Create());
        return command;
    }

    private static int Fail(string message)
    {
        Terminal.Error(message);
        return ExitCodes.Usage;
    }

    private static Command Sign()
    {
        var input = new Argument<string>("input") { Description = "The image to sign (JPEG, PNG or WebP). It is never modified." };
        var output = new Argument<string>("output") { Description = "Where to write the signed image: a new file with the input's extension (written to a temporary file, then renamed; an existing file only with --force)." };
        var cert = new Option<string>("--cert") { Description = "PEM certificate chain, signing certificate first.", Required = true };
        var key = new Option<string>("--key") { Description = "PEM private key of the signing certificate (PKCS#8, EC or RSA).", Required = true };
        var alg = new Option<string?>("--alg") { Description = "es256, es384, es512, ps256, ps384, ps512 or ed25519 (default: from the key)." };
        var action = new Option<string>("--action") { Description = "The action to record: c2pa.created, c2pa.edited, c2pa.color_adjustments, … (default c2pa.created; a file that already has credentials is opened as the parent ingredient first).", DefaultValueFactory = _ => "c2pa.created" };
        var source = new Option<string?>("--source-type") { Description = "IPTC digital source type: trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia, digitalCapture, … or the full URI. Required for c2pa.created." };
        var training = new Option<string?>("--training") { Description = "AI training and data mining: allowed, notAllowed or constrained (a cawg.training-mining assertion)." };
        var thumbnail = new Option<bool>("--thumbnail") { Description = "Embed a thumbnail of the image in the manifest." };
        var tsa = new Option<string?>("--tsa") { Description = "RFC 3161 time-stamp authority URL (the only network use; off by default)." };
        var sidecar = new Option<bool>("--sidecar") { Description = "Write the manifest store to OUTPUT.c2pa beside an unchanged copy instead of embedding it." };
        var title = new Option<string?>("--title") { Description = "The claim's title (dc:title)." };
        var force = new Option<bool>("--force") { Description = "Replace OUTPUT (and OUTPUT.c2pa with --sidecar) when it exists." };
        var allowInvalid = new Option<bool>("--allow-invalid-cert")
        {
            Description = "Sign even with credentials that make verify fail (expired, no C2PA EKU, self-signed, a key that is not the certificate's). Only for making invalid test fixtures.",
        };
        var command = new Command("sign", "Sign an image with a new C2PA manifest (an existing manifest becomes its parent ingredient).");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        foreach (var o in new Option[] { cert, key, alg, action, source, training, thumbnail, tsa, sidecar, title, force, allowInvalid }) command.Options.Add(o);
        command.SetAction((parse, _) =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (!File.Exists(inPath)) return Task.FromResult(Fail($"{inPath}: no such file"));
            if (FilePaths.IsSameFile(inPath, outPath))
                return Task.FromResult(Fail("the output must be a new file, not the input (the original is never changed)"));
            var trainingValue = parse.GetValue(training);
            if (trainingValue is not null && !TrainingMiningEntries.Uses.Contains(trainingValue))
                return Task.FromResult(Fail($"--training must be one of {string.Join(", ", TrainingMiningEntries.Uses)}"));
            C2paSigningCredentials credentials;
            try
            {
                credentials = C2paSigningCredentials.Load(parse.GetValue(cert)!, parse.GetValue(key)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException)
            {
                return Task.FromResult(Fail($"cannot read the key or certificate: {(e is CandorFormatException f ? f.Describe() : e.Message)}"));
            }
            using (credentials)
            {
                var signingKey = credentials.Key;
                var algName = parse.GetValue(alg);
                CoseAlgorithm algorithm;
                if (algName is null) algorithm = signingKey.DefaultAlgorithm;
                else if (!CoseAlgorithmNames.TryParse(algName, out algorithm)) return Task.FromResult(Fail($"--alg: unknown algorithm '{algName}' ({CoseAlgorithmNames.Accepted})"));
                if (!parse.GetValue(allowInvalid) && signingKey.Supports(algorithm) && credentials.FindProblem(algorithm, DateTimeOffset.UtcNow) is { } problem)
                    return Task.FromResult(Fail($"refusing to sign: {problem}; a file signed with it would fail verify (--allow-invalid-cert signs anyway, for making test fixtures only)"));
                Func<ReadOnlyMemory<byte>, byte[]>? stamper = null;
                if (parse.GetValue(tsa) is { } tsaUrl)
                {
                    if (!Uri.TryCreate(tsaUrl, UriKind.Absolute, out var tsaUri) || tsaUri.Scheme is not ("http" or "https"))
                        return Task.FromResult(Fail($"--tsa: '{tsaUrl}' is not an http(s) URL"));
                    var client = new Rfc3161Client();
                    stamper = data => client.RequestToken(tsaUri, data.Span, HashAlgorithmName.SHA256);
                }
                var options = new C2paSignOptions
                {
                    Algorithm = algorithm,
                    Key = signingKey,
                    Chain = credentials.Chain,
                    Action = parse.GetValue(action)!,
                    DigitalSourceType = parse.GetValue(source),
                    Training = trainingValue,
                    Thumbnail = parse.GetValue(thumbnail),
                    TimeStamper = stamper,
                    Sidecar = parse.GetValue(sidecar),
                    Title = parse.GetValue(title),
                    Overwrite = parse.GetValue(force),
                    AllowInvalidCertificate = parse.GetValue(allowInvalid),
                };
                try
                {
                    var result = C2paSigner.SignFile(inPath, outPath, options);
                    var where = result.SidecarPath is null ? outPath : $"{outPath} + {result.SidecarPath}";
                    Terminal.Out.MarkupLine($"[green]signed[/] {Terminal.Esc(where)}: manifest {Terminal.Esc(result.ManifestLabel)}, {result.Format}, {algorithm.ToString().ToUpperInvariant()}, store {result.StoreSize} bytes{(result.HasParentIngredient ? ", the previous manifest is its parent ingredient" : "")}");
                    return Task.FromResult(ExitCodes.Ok);
                }
                catch (ArgumentException e)
                {
                    // A combination of options this input cannot take (no source type for a new manifest, a key that cannot sign with --alg…).
                    var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
                    return Task.FromResult(Fail($"{inPath}: {message}"));
                }
                catch (FileExistsException e)
                {
                    Terminal.Error($"{e.Message} (--force replaces it)");
                    return Task.FromResult(ExitCodes.SomeFailed);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or HttpRequestException or NotSupportedException)
                {
                    Terminal.Error($"{inPath}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                    return Task.FromResult(ExitCodes.SomeFailed);
                }
            }
        });
        return command;
    }

    private static Command Keygen()
    {
        var dir = new Argument<string>("folder") { Description = "Folder to write the test CA and signing key into (created if needed)." };
        var alg = new Option<string>("--alg") { Description = "es256, es384, es512, ps256, ps384, ps512 or ed25519.", DefaultValueFactory = _ => "es256" };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        var command = new Command("keygen", "Make a TEST certificate authority and a signing certificate with the C2PA claim-signing EKU. For trying Candor out only: never for production.");
        command.Arguments.Add(dir);
        command.Options.Add(alg);
        command.Options.Add(force);
        command.SetAction((parse, _) =>
        {
            var folder = parse.GetValue(dir)!;
            var name = parse.GetValue(alg)!.ToLowerInvariant();
            if (!CoseAlgorithmNames.TryParse(name, out CoseAlgorithm _)) return Task.FromResult(Fail($"--alg: unknown algorithm '{name}' ({CoseAlgorithmNames.Accepted})"));
            TestCertificateFiles files;
            try
            {
                files = TestCertificateFiles.Write(folder, name, parse.GetValue(force));
            }
            catch (FileExistsException e)
            {
                return Task.FromResult(Fail($"{e.Message} (--force replaces it)"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Terminal.Error(e.Message);
                return Task.FromResult(ExitCodes.SomeFailed);
            }
            var console = Terminal.Out;
            console.MarkupLine("[yellow bold]TEST credentials — for trying Candor out, never for production.[/]");
            console.MarkupLine($"  trust anchor   {Terminal.Esc(files.CaPath)}  [grey](give it to candor verify --trust)[/]");
            console.MarkupLine($"  chain          {Terminal.Esc(files.ChainPath)}");
            console.MarkupLine($"  private key    {Terminal.Esc(files.KeyPath)}");
            console.MarkupLine($"[grey]  candor c2pa sign IN OUT --cert {Terminal.Esc(files.ChainPath)} --key {Terminal.Esc(files.KeyPath)} --source-type trainedAlgorithmicMedia[/]");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
