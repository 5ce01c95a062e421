using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.C2pa.Signing;
using Candor.Consent;
using Candor.Disclose;
using Candor.FileSystem;
using Spectre.Console;

namespace Candor.Cli;

/// <summary>
/// <c>candor disclose FILE…</c>: writes the AI disclosure into the file itself — IPTC Digital
/// Source Type, PLUS Data Mining ("do not train"), Candor's tool/action notes, optionally a
/// signed C2PA manifest — losslessly, through a temporary file and a rename.
/// </summary>
internal static class DiscloseCommand
{
    /// <summary>
    /// Lets <c>--no-train</c> stand without a value (meaning "all"): a bare <c>--no-train</c> not
    /// followed by all, ai or genai becomes <c>--no-train=all</c>, so "--no-train photo.jpg"
    /// leaves photo.jpg to the file list.
    /// </summary>
    public static string[] NormalizeArguments(string[] args)
    {
        if (args.Length == 0 || args[0] != "disclose") return args;
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--no-train" && (i + 1 == args.Length || !TrainingConsent.IsWord(args[i + 1]))) result.Add("--no-train=all");
            else result.Add(args[i]);
        }
        return [.. result];
    }

    private static int Fail(string message)
    {
        Terminal.Error(message);
        return ExitCodes.Usage;
    }

    public static Command Create()
    {
        var paths = new Argument<string[]>("files") { Description = "JPEG, PNG or WebP files to label (changed in place through a temporary file and a rename, or written to --out).", Arity = ArgumentArity.OneOrMore };
        var source = new Option<string?>("--source-type") { Description = "IPTC Digital Source Type code: trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia, algorithmicallyEnhanced, digitalCapture, humanEdits, digitalCreation, … (or its URI)." };
        var tool = new Option<string[]>("--tool") { Description = "An AI tool used (repeatable), written to candor:Tools." };
        var action = new Option<string[]>("--action") { Description = "What was done with AI (repeatable), written to candor:Actions." };
        var noTrain = new Option<string?>("--no-train")
        {
            Description = "Do not train: all (any data mining, the default), ai (AI/ML training) or genai (generative AI training). Written as PLUS Data Mining.",
        };
        var auto = new Option<bool>("--auto") { Description = "Decide the source type, tools and actions from what candor inspect finds in each file." };
        var darktable = new Option<string?>("--from-darktable") { Description = "A darktable sidecar (.xmp): declare what its AI-backed edits call for (docs/darktable.md)." };
        var output = new Option<string?>("--out") { Description = "Write the labelled copy here instead of changing the file (one file only; a new file with the input's extension, an existing one only with --overwrite)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the --out file when it exists." };
        var c2pa = new Option<bool>("--c2pa") { Description = "Also sign a C2PA manifest with the same content (needs --cert and --key)." };
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain for --c2pa." };
        var allowInvalid = new Option<bool>("--allow-invalid-cert")
        {
            Description = "With --c2pa, sign even with credentials that make verify fail (expired, no C2PA EKU, self-signed, a key that is not the certificate's). Only for making invalid test fixtures.",
        };
        var key = new Option<string?>("--key") { Description = "PEM private key for --c2pa." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be written; change nothing." };
        var force = new Option<bool>("--force") { Description = "Write into a file with Content Credentials without re-signing (its manifest will no longer validate)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per file." };
        var followLinks = PathNotes.FollowLinksOption();
        var jobs = new Option<int>("--jobs") { Description = "Files labelled at once (default: the number of cores; 1 with --c2pa).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("disclose", "Write the AI disclosure into images: IPTC Digital Source Type, \"do not train\" (PLUS Data Mining), optionally a signed C2PA manifest.");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { source, tool, action, noTrain, auto, darktable, output, overwrite, c2pa, cert, key, allowInvalid, dryRun, force, json, jobs, followLinks }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var files = parse.GetValue(paths)!;
            var outPath = parse.GetValue(output);
            if (outPath is not null && files.Length != 1) return Task.FromResult(Fail("--out takes exactly one input file"));
            string? sourceCode = null;
            if (parse.GetValue(source) is { } given && !Discloser.TryParseSourceType(given, out sourceCode, out var sourceProblem))
                return Task.FromResult(Fail($"--source-type: {sourceProblem}"));
            string? dataMining = null;
            if (parse.GetValue(noTrain) is { } word)
            {
                if (!TrainingConsent.TryParseWord(word, out var scope, out var problem)) return Task.FromResult(Fail($"--no-train: {problem}"));
                dataMining = TrainingConsent.DataMiningCode(scope);
            }
            var request = new DisclosureRequest
            {
                SourceTypeCode = sourceCode,
                DataMiningCode = dataMining,
                Tools = parse.GetValue(tool) ?? [],
                Actions = parse.GetValue(action) ?? [],
                Auto = parse.GetValue(auto),
                DarktableSidecar = parse.GetValue(darktable),
                Force = parse.GetValue(force),
                Overwrite = parse.GetValue(overwrite),
                AllowInvalidCertificate = parse.GetValue(allowInvalid),
                DryRun = parse.GetValue(dryRun),
            };
            if (request.AsksForNothing)
                return Task.FromResult(Fail("nothing to disclose: give --source-type, --no-train, --tool/--action, --auto or --from-darktable"));

            if (parse.GetValue(c2pa))
            {
                if (parse.GetValue(cert) is not { } certPath || parse.GetValue(key) is not { } keyPath) return Task.FromResult(Fail("--c2pa needs --cert and --key"));
                try
                {
                    request = request with { Signing = C2paSigningCredentials.Load(certPath, keyPath) };
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException)
                {
                    return Task.FromResult(Fail($"cannot read the key or certificate: {(e is CandorFormatException f ? f.Describe() : e.Message)}"));
                }
                if (!request.AllowInvalidCertificate && request.Signing.FindProblem(request.Signing.Key.DefaultAlgorithm, DateTimeOffset.UtcNow) is { } problem)
                {
                    request.Signing.Dispose();
                    return Task.FromResult(Fail($"refusing to sign: {problem}; a file signed with it would fail verify (--allow-invalid-cert signs anyway, for making test fixtures only)"));
                }
            }

            var expansion = ImagePaths.Expand(files, parse.GetValue(followLinks), ct);
            var failed = PathNotes.Print(expansion);
            var isJson = parse.GetValue(json);
            using (request.Signing)
            {
                // Files are independent, so they are labelled in parallel and reported in the order given;
                // signing keys are used from one thread.
                var degree = request.Signing is null ? Math.Max(1, parse.GetValue(jobs)) : 1;
                // Files written but not yet reported when a signal stops the batch (the report keeps the order given):
                // they are reported before the command says it was interrupted, so the output tells what changed.
                var unreported = new System.Collections.Concurrent.ConcurrentDictionary<int, DisclosureOutcome>();
                try
                {
                    foreach (var (index, outcome) in expansion.Files.Distinct(StringComparer.Ordinal).Select((file, index) => (file, index)).AsParallel().AsOrdered()
                        .WithDegreeOfParallelism(degree).WithCancellation(ct).WithMergeOptions(ParallelMergeOptions.NotBuffered)
                        .Select(item => (item.index, Apply(item.file, item.index))))
                    {
                        unreported.TryRemove(index, out _);
                        Emit(outcome);
                    }
                }
                catch (OperationCanceledException)
                {
                    foreach (var (_, outcome) in unreported.OrderBy(p => p.Key)) Emit(outcome);
                    throw;
                }

                DisclosureOutcome Apply(string file, int index)
                {
                    var outcome = Discloser.Apply(file, request, outPath);
                    if (outcome.Written is not null) unreported[index] = outcome;
                    return outcome;
                }
            }
            Console.Out.Flush();
            return Task.FromResult(failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);

            void Emit(DisclosureOutcome outcome)
            {
                if (outcome.Status is DisclosureStatus.Failed or DisclosureStatus.RefusedContentCredentials or DisclosureStatus.RefusedOutputExists)
                {
                    failed++;
                    var error = outcome.Status switch
                    {
                        DisclosureStatus.RefusedContentCredentials => $"{outcome.Error}; add --c2pa --cert --key to re-sign (its manifest becomes the parent ingredient), or --force to write anyway",
                        DisclosureStatus.RefusedOutputExists => $"{outcome.Error} (--overwrite replaces it)",
                        _ => outcome.Error,
                    };
                    Terminal.Error($"{outcome.File}: {error} (the file was not changed)");
                }
                else Report(isJson, outcome);
            }
        });
        return command;
    }

    private static void Report(bool json, DisclosureOutcome outcome)
    {
        if (json)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer)) Discloser.WriteJson(w, outcome);
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            return;
        }
        var (file, plan, written) = (outcome.File, outcome.Plan!, outcome.Written);
        var console = Terminal.Out;
        if (!plan.HasContent)
        {
            console.MarkupLine($"[grey]{Terminal.Esc(file)}: nothing written — {Terminal.Esc(plan.Reason)}[/]");
            return;
        }
        var parts = new List<string>();
        if (plan.SourceCode is not null) parts.Add($"Digital Source Type [bold]{Terminal.Esc(plan.SourceCode)}[/]");
        if (plan.DataMiningCode is not null) parts.Add($"Data Mining [bold]{Terminal.Esc(plan.DataMiningCode)}[/]");
        if (plan.Content.Tools.Count > 0) parts.Add($"tools {Terminal.Esc(string.Join(", ", plan.Content.Tools))}");
        if (plan.Content.Actions.Count > 0) parts.Add($"{plan.Content.Actions.Count} action(s)");
        console.MarkupLine($"{(written is null ? "[yellow]would write[/]" : "[green]wrote[/]")} {Terminal.Esc(written ?? file)}: {string.Join(", ", parts)}{(plan.Reason.Length == 0 ? "" : $" [grey]({Terminal.Esc(plan.Reason)})[/]")}");
        foreach (var repair in outcome.XmpRepairs)
            console.MarkupLine($"  [yellow]repaired the existing XMP:[/] {Terminal.Esc(repair)}");
    }
}
