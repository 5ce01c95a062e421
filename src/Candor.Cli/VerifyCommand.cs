using System.CommandLine;
using System.Text.Json;
using Candor.C2pa;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Candor.FileSystem;
using Spectre.Console;
using static Candor.Cli.Terminal;

namespace Candor.Cli;

/// <summary>
/// <c>candor verify FILE…</c>: validates Content Credentials (C2PA) the way the reference
/// implementation does and prints the manifest chain and the verdict.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>Exit code when a file validated as Invalid, or carries no Content Credentials.</summary>
    public const int NotValid = 3;

    public static Command Create(string name = "verify")
    {
        var paths = new Argument<string[]>("files") { Description = "Image files (JPEG, PNG, WebP, …) or folders.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per file (schema candor.verify/1)." };
        var trust = new Option<string[]>("--trust") { Description = "PEM file of trust anchors (repeatable), e.g. the C2PA trust list. Without it, sound files are Valid, never Trusted.", AllowMultipleArgumentsPerToken = false };
        var sidecar = new Option<string?>("--manifest") { Description = "A .c2pa manifest store to validate the file against (default: NAME.c2pa beside NAME.ext, if present)." };
        var followLinks = PathNotes.FollowLinksOption();
        var network = new Option<bool>("--allow-network") { Description = "Fetch a remote manifest named by the file's XMP (dcterms:provenance). Off by default: nothing leaves the machine." };
        var command = new Command(name, "Validate Content Credentials (C2PA): signature, certificate, time-stamp, hashes, ingredients. Verdict Trusted, Valid or Invalid.");
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.Options.Add(trust);
        command.Options.Add(sidecar);
        command.Options.Add(network);
        command.Options.Add(followLinks);
        command.SetAction((parse, ct) =>
        {
            C2paTrustSettings settings;
            try
            {
                var anchors = parse.GetValue(trust) ?? [];
                settings = anchors.Length == 0 ? C2paTrustSettings.None : C2paTrustSettings.FromPemFiles(anchors);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or System.Security.Cryptography.CryptographicException)
            {
                Terminal.Error($"--trust: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                return Task.FromResult(ExitCodes.Usage);
            }
            var options = new C2paValidationOptions { Trust = settings, SidecarPath = parse.GetValue(sidecar), AllowNetwork = parse.GetValue(network) };
            var expansion = ImagePaths.Expand(parse.GetValue(paths)!, parse.GetValue(followLinks), ct);
            var files = expansion.Files;
            var failed = PathNotes.Print(expansion);
            var notValid = 0;
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                C2paValidationResult result;
                try
                {
                    result = C2paValidator.Validate(file, options, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl-C or a signal during a remote fetch: say which file, then stop like every command
                    // (one "interrupted" line and 130/143, from Program).
                    Terminal.Error($"{file}: cancelled");
                    throw;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failed++;
                    Terminal.Error($"{file}: {e.Message}");
                    continue;
                }
                if (result.Outcome == C2paValidationOutcome.Unreadable)
                {
                    // Not a verdict: an error, on stderr like every other file that cannot be read.
                    failed++;
                    Terminal.Error($"{file}: {result.Message}");
                    if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(file, result));
                    continue;
                }
                if (result.State is not (C2paValidationState.Valid or C2paValidationState.Trusted)) notValid++;
                if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(file, result));
                else Render(Terminal.Out, file, result, settings.Anchors.Count > 0);
            }
            return Task.FromResult(failed > 0 ? ExitCodes.SomeFailed : notValid > 0 ? NotValid : ExitCodes.Ok);
        });
        return command;
    }


    internal static string ToJson(string file, C2paValidationResult result)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) C2paValidationJson.Write(w, file, result);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void Render(IAnsiConsole console, string file, C2paValidationResult r, bool haveAnchors)
    {
        console.MarkupLine($"[bold]{Esc(file)}[/]");
        if (r.Outcome != C2paValidationOutcome.Validated)
        {
            var color = r.Outcome == C2paValidationOutcome.Unreadable ? "red" : "yellow";
            console.MarkupLine($"  [{color}]{Esc(r.Message)}[/]");
            if (r.RemoteManifestUrl is not null && r.Outcome == C2paValidationOutcome.RemoteManifest)
                console.MarkupLine("  [grey]use --allow-network to fetch it, or --manifest FILE if you have the .c2pa store[/]");
            return;
        }
        var verdict = r.State switch
        {
            C2paValidationState.Trusted => "[green bold]Trusted[/] — every check passed and the signer chains to a trust anchor",
            C2paValidationState.Valid => haveAnchors
                ? "[green bold]Valid[/] — every check passed, but the signer is not on the trust lists given"
                : "[green bold]Valid[/] — every check passed; the signer's trust was not checked (no --trust anchors given)",
            _ => "[red bold]Invalid[/] — " + Esc(string.Join("; ", r.VerdictFailures.Select(f => f.Code).Distinct())),
        };
        console.MarkupLine($"  verdict  {verdict}");
        console.MarkupLine($"  [grey]store    {Esc(r.StoreSource)}, {r.Store!.Manifests.Count} manifest(s), newest first:[/]");
        for (var i = r.Store.Manifests.Count - 1; i >= 0; i--)
        {
            var m = r.Store.Manifests[i];
            var active = i == r.Store.Manifests.Count - 1;
            var generator = m.ClaimGeneratorInfo.Count > 0 ? string.Join(", ", m.ClaimGeneratorInfo) : m.ClaimGenerator ?? "unknown software";
            var signer = m.Signature is { } s ? $"{s.SubjectCommonName ?? "?"}{(s.SubjectOrganization is null ? "" : $" ({s.SubjectOrganization})")}, {s.Algorithm}" : "no signature";
            console.MarkupLine($"  {(active ? "[bold]●[/]" : "○")} {Esc(m.Label)}{(active ? " [bold](active)[/]" : "")}{(m.Kind == C2paManifestKind.Update ? " [grey]update manifest[/]" : "")}");
            console.MarkupLine($"      [grey]claim v{m.ClaimVersion} by[/] {Esc(generator)}[grey]; signed by[/] {Esc(signer)}");
            foreach (var a in m.Actions)
                console.MarkupLine($"      [grey]action[/] {Esc(a.Action)}{(a.DigitalSourceType is null ? "" : $" [grey]({Esc(a.DigitalSourceType[(a.DigitalSourceType.LastIndexOf('/') + 1)..])})[/]")}{(a.SoftwareAgent is null ? "" : $" [grey]with {Esc(a.SoftwareAgent.ToString())}[/]")}");
            foreach (var g in m.Ingredients)
                console.MarkupLine($"      [grey]ingredient[/] {Esc(g.Relationship ?? "?")} {Esc(g.Title ?? "untitled")}{(g.ActiveManifest is null ? " [grey](no manifest)[/]" : $" [grey]→ {Esc(g.ActiveManifest)}[/]")}");
            foreach (var t in m.TrainingMining)
                console.MarkupLine($"      [grey]training/mining[/] {Esc(t.Key)}: {Esc(t.Use)}");
        }
        // The signer not being on a trust list leaves a file Valid: a warning, not a cross.
        static string Mark(C2paStatus f) => f.Code == C2paStatusCodes.SigningCredentialUntrusted ? "[yellow]![/] [yellow]" : "[red]✗[/] [red]";
        foreach (var f in r.Failures)
            console.MarkupLine($"  {Mark(f)}{Esc(f.Code)}[/] {Esc(f.Message)}");
        foreach (var d in r.IngredientDeltas)
            foreach (var f in d.Failures.Where(f => !r.Failures.Any(a => a.Code == f.Code && a.Url == f.Url)))
                console.MarkupLine($"  {Mark(f)}{Esc(f.Code)}[/] [grey](ingredient {Esc(d.IngredientUri[(d.IngredientUri.LastIndexOf('/') + 1)..])}, manifest {Esc(f.ManifestLabel)})[/] {Esc(f.Message)}");
        foreach (var d in r.IngredientDeltas.Where(d => d.RecordedFailures.Count > 0))
            console.MarkupLine($"  [yellow]! ingredient {Esc(d.IngredientUri[(d.IngredientUri.LastIndexOf('/') + 1)..])} was already recorded as failing when it was added:[/] {Esc(string.Join(", ", d.RecordedFailures))}");
        foreach (var f in r.Informational)
            console.MarkupLine($"  [grey]· {Esc(f.Code)} {Esc(f.Message)}[/]");
    }
}
