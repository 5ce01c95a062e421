using System.CommandLine;
using System.Security.Cryptography;
using Candor.C2pa.Signing;
using Candor.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Candor.Cli;

/// <summary>
/// <c>candor serve</c>: the local web API and pages (<c>Candor.Server</c>), on loopback unless <c>--urls</c> says
/// otherwise; Ctrl-C or SIGTERM stops it cleanly.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080, this machine only; another address makes the API reachable from the network).", DefaultValueFactory = _ => ServerOptions.DefaultUrl };
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain: lets /api/c2pa/sign and disclose sign=true sign (with --key)." };
        var key = new Option<string?>("--key") { Description = "PEM private key for --cert." };
        var maxUpload = new Option<int>("--max-upload-mib") { Description = "Largest upload accepted, in MiB (default 64).", DefaultValueFactory = _ => 64 };
        var index = new Option<string?>("--index") { Description = "An index folder (candor index build) to search and attribute against, on the Search and Attribute pages and the clip-retrieval endpoints." };
        var imageEncoder = new Option<string?>("--image-encoder") { Description = "Image encoder config to use with --index instead of the index's (must share its space)." };
        var textEncoder = new Option<string?>("--text-encoder") { Description = "Text encoder config to use with --index (e.g. CLIP's text tower for text-to-image)." };
        var registry = new Option<string?>("--registry") { Description = "A consent registry to serve (/api/consent/…, the bulk check, the Spawning-compatible /api/v2/query/urls/ and the Consent pages): a SQLite file, created when missing (sqlite:PATH or a plain path, e.g. data/consent.db), or postgres:CONNECTION-STRING." };
        var command = new Command("serve", "Serve the web pages and the JSON API (inspect, verify, watermark, disclose, sign, and search with --index) on this machine.");
        foreach (var o in new Option[] { urls, cert, key, maxUpload, index, imageEncoder, textEncoder, registry }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(maxUpload) is < 1 or > 4096) return Fail("--max-upload-mib must be between 1 and 4096");
            var (certPath, keyPath) = (parse.GetValue(cert), parse.GetValue(key));
            if ((certPath is null) != (keyPath is null)) return Fail("--cert and --key go together");
            var indexFolder = parse.GetValue(index);
            if (indexFolder is null && (parse.GetValue(imageEncoder) is not null || parse.GetValue(textEncoder) is not null))
                return Fail("--image-encoder and --text-encoder go with --index");
            C2paSigningCredentials? signing = null;
            if (certPath is not null)
            {
                try
                {
                    signing = C2paSigningCredentials.Load(certPath, keyPath!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException)
                {
                    return Fail($"cannot read the key or certificate: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                }
                if (signing.FindProblem(signing.Key.DefaultAlgorithm, DateTimeOffset.UtcNow) is { } problem)
                {
                    signing.Dispose();
                    return Fail($"refusing to serve with this key: {problem}; files signed with it would fail verify");
                }
            }
            RegistryCommand.OpenRegistry? opened = null;
            if (parse.GetValue(registry) is { } registryText)
            {
                try
                {
                    opened = await RegistryCommand.OpenAsync(registryText, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or System.Data.Common.DbException or ArgumentException)
                {
                    signing?.Dispose();
                    return Fail($"cannot open the consent registry: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                }
            }
            var consent = opened?.Registry;
            await using var consentStore = opened;
            using (signing)
            {
                var options = new ServerOptions
                {
                    MaxUploadBytes = parse.GetValue(maxUpload) * (1L << 20),
                    Signing = signing,
                    IndexFolder = indexFolder,
                    ImageEncoderConfig = parse.GetValue(imageEncoder),
                    TextEncoderConfig = parse.GetValue(textEncoder),
                    Registry = consent,
                };
                WebApplication built;
                try
                {
                    built = CandorServer.Build(options, ["--urls", parse.GetValue(urls)!]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException)
                {
                    return Fail($"cannot open the index {indexFolder}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                }
                await using var app = built;
                try
                {
                    await app.StartAsync(ct);
                }
                catch (IOException e)
                {
                    return Fail($"cannot listen on {parse.GetValue(urls)}: {e.Message}", ExitCodes.SomeFailed);
                }
                foreach (var address in CandorServer.Addresses(app))
                {
                    Terminal.WriteLine($"candor serve: listening on {address}{(signing is null ? "" : " (signing with the given key)")}");
                    if (!CandorServer.IsLoopback(address))
                        Terminal.Error($"warning: {address} is not a loopback address; anyone who can reach it can use this server (there is no login)");
                }
                if (indexFolder is not null) Terminal.WriteLine($"candor serve: searching {indexFolder}");
                if (consent is not null) Terminal.WriteLine($"candor serve: consent registry {consent.Store.Description}, {consent.SnapshotWorks:N0} works");
                Terminal.WriteLine("Press Ctrl-C to stop.");
                // Returns when a signal cancels ct (or the host's own console lifetime stops it), after the requests in flight end.
                await app.WaitForShutdownAsync(ct);
                Terminal.WriteLine("candor serve: stopped");
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static int Fail(string message, int code = ExitCodes.Usage)
    {
        Terminal.Error(message);
        return code;
    }
}
