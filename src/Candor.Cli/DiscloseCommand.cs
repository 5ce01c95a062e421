using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.Consent;
using Candor.Darktable;
using Candor.Disclose;
using Candor.Formats;
using Candor.Metadata.Iptc;
using Candor.Provenance;
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
        Console.Error.WriteLine($"candor: {message}");
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
        var output = new Option<string?>("--out") { Description = "Write the labelled copy here instead of changing the file (one file only)." };
        var c2pa = new Option<bool>("--c2pa") { Description = "Also sign a C2PA manifest with the same content (needs --cert and --key)." };
        var cert = new Option<string?>("--cert") { Description = "PEM certificate chain for --c2pa." };
        var key = new Option<string?>("--key") { Description = "PEM private key for --c2pa." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be written; change nothing." };
        var force = new Option<bool>("--force") { Description = "Write into a file with Content Credentials without re-signing (its manifest will no longer validate)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per file." };
        var jobs = new Option<int>("--jobs") { Description = "Files labelled at once (default: the number of cores; 1 with --c2pa).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("disclose", "Write the AI disclosure into images: IPTC Digital Source Type, \"do not train\" (PLUS Data Mining), optionally a signed C2PA manifest.");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { source, tool, action, noTrain, auto, darktable, output, c2pa, cert, key, dryRun, force, json, jobs }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var files = parse.GetValue(paths)!;
            var outPath = parse.GetValue(output);
            if (outPath is not null && files.Length != 1) return Task.FromResult(Fail("--out takes exactly one input file"));
            string? sourceCode = null;
            if (parse.GetValue(source) is { } given)
            {
                if (DigitalSourceType.Parse(given) is not { } term)
                    return Task.FromResult(Fail($"--source-type: '{given}' is not an IPTC Digital Source Type code (e.g. {string.Join(", ", DigitalSourceType.All.Where(t => !t.IsRetired).Take(6).Select(t => t.Code))}, …)"));
                if (term.IsRetired)
                    return Task.FromResult(Fail($"--source-type: '{term.Code}' is a retired IPTC term{(term.ReplacedBy is null ? "" : $"; use {term.ReplacedBy}")}"));
                sourceCode = term.Code;
            }
            string? dataMining = null;
            if (parse.GetValue(noTrain) is { } scope)
            {
                if (!TrainingConsent.TryParseWord(scope, out var parsed, out var problem)) return Task.FromResult(Fail($"--no-train: {problem}"));
                dataMining = TrainingConsent.DataMiningCode(parsed);
            }
            var tools = parse.GetValue(tool) ?? [];
            var actions = parse.GetValue(action) ?? [];
            var isAuto = parse.GetValue(auto);
            var darktableSidecar = parse.GetValue(darktable);
            if (sourceCode is null && dataMining is null && tools.Length == 0 && actions.Length == 0 && !isAuto && darktableSidecar is null)
                return Task.FromResult(Fail("nothing to disclose: give --source-type, --no-train, --tool/--action, --auto or --from-darktable"));

            C2paSigning? signing = null;
            if (parse.GetValue(c2pa))
            {
                if (parse.GetValue(cert) is not { } certPath || parse.GetValue(key) is not { } keyPath) return Task.FromResult(Fail("--c2pa needs --cert and --key"));
                try
                {
                    signing = new C2paSigning(CoseSigningKey.FromPem(File.ReadAllText(keyPath)), [.. C2paTrustSettings.ReadPem(File.ReadAllText(certPath), certPath)]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException)
                {
                    return Task.FromResult(Fail($"cannot read the key or certificate: {(e is CandorFormatException f ? f.Describe() : e.Message)}"));
                }
            }

            var expansion = ImagePaths.Expand(files);
            foreach (var m in expansion.Missing) Console.Error.WriteLine($"candor: {m}: no such file, folder or matching image");
            var failed = expansion.Missing.Count;
            var (isJson, isDryRun, isForced) = (parse.GetValue(json), parse.GetValue(dryRun), parse.GetValue(force));
            // One file's work, start to end; errors become its outcome so the batch goes on.
            FileOutcome Process(string file)
            {
                try
                {
                    var plan = Plan(file, sourceCode, dataMining, tools, actions, isAuto, darktableSidecar);
                    if (!plan.HasContent) return new(file, plan, null, null);
                    if (signing is null && !isForced && HasContentCredentials(file))
                        return new(file, plan, null, "it carries Content Credentials (C2PA), which any change invalidates; add --c2pa --cert --key to re-sign (its manifest becomes the parent ingredient), or --force to write anyway");
                    var target = outPath ?? file;
                    if (isDryRun) return new(file, plan, null, null);
                    XmpWriter.ApplyFile(file, plan.Content, outPath);
                    if (signing is not null) Sign(target, plan, signing);
                    return new(file, plan, target, null);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or CryptographicException or ArgumentException or NotSupportedException)
                {
                    return new(file, null, null, e is CandorFormatException f ? f.Describe()
                        : e is ArgumentException a && a.ParamName is not null ? a.Message.Replace($" (Parameter '{a.ParamName}')", "", StringComparison.Ordinal)
                        : e.Message);
                }
            }
            using (signing)
            {
                // Files are independent, so they are labelled in parallel and reported in the order given;
                // signing keys are used from one thread.
                var degree = signing is null ? Math.Max(1, parse.GetValue(jobs)) : 1;
                foreach (var outcome in expansion.Files.Distinct(StringComparer.Ordinal).AsParallel().AsOrdered().WithDegreeOfParallelism(degree)
                    .WithCancellation(ct).WithMergeOptions(ParallelMergeOptions.NotBuffered).Select(Process))
                {
                    if (outcome.Error is not null)
                    {
                        failed++;
                        Console.Error.WriteLine($"candor: {outcome.File}: {outcome.Error} (the file was not changed)");
                    }
                    else Report(isJson, outcome.File, outcome.Plan!, outcome.Written);
                }
            }
            Console.Out.Flush();
            return Task.FromResult(failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);
        });
        return command;
    }

    // What happened to one file: written (its path), planned only (dry run or nothing to write), or an error.
    private sealed record FileOutcome(string File, DisclosurePlan? Plan, string? Written, string? Error);

    private static bool HasContentCredentials(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ContainerRegistry.Scan(stream).Payloads.Any(p => p.Kind == PayloadKind.C2pa);
    }

    private sealed record C2paSigning(CoseSigningKey Key, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Chain) : IDisposable
    {
        public void Dispose() => Key.Dispose();
    }

    // What will be written to one file, and why.
    private sealed record DisclosurePlan(DisclosureContent Content, string? SourceCode, string? DataMiningCode, string Reason)
    {
        public bool HasContent => Content.DigitalSourceType is not null || Content.DataMining is not null || Content.Tools.Count > 0 || Content.Actions.Count > 0;
    }

    private static DisclosurePlan Plan(string file, string? sourceCode, string? dataMining, string[] tools, string[] actions, bool auto, string? darktableSidecar)
    {
        var allTools = new List<string>(tools);
        var allActions = new List<string>(actions);
        var reasons = new List<string>();
        var code = sourceCode;
        if (sourceCode is not null) reasons.Add("--source-type given");
        if (darktableSidecar is not null)
        {
            var dt = DarktableAiDetector.Analyze(DarktableSidecar.Load(darktableSidecar), file);
            code ??= dt.SuggestedSourceType;
            allActions.AddRange(dt.Actions);
            if (dt.AiUsed) allTools.Add("darktable");
            reasons.Add($"darktable: {dt.Reason}");
        }
        if (auto)
        {
            var decision = AutoDisclosure.Decide(new Inspector(new InspectOptions { C2pa = null }).Inspect(file));
            code ??= decision.SourceTypeCode;
            allTools.AddRange(decision.Tools);
            allActions.AddRange(decision.Actions);
            reasons.Add(decision.Reason);
        }
        var content = new DisclosureContent
        {
            DigitalSourceType = code is null ? null : DigitalSourceType.Namespace + code,
            DataMining = dataMining is null ? null : DataMining.Namespace + dataMining,
            Tools = allTools.Distinct().ToList(),
            Actions = allActions.Distinct().ToList(),
            Generator = $"Candor {typeof(DiscloseCommand).Assembly.GetName().Version?.ToString(3)}",
        };
        return new DisclosurePlan(content, code, dataMining, string.Join("; ", reasons));
    }

    private static void Sign(string target, DisclosurePlan plan, C2paSigning signing)
    {
        var options = new C2paSignOptions
        {
            Algorithm = signing.Key.DefaultAlgorithm,
            Key = signing.Key,
            Chain = signing.Chain,
            DigitalSourceType = plan.SourceCode,
            // A file that already has credentials is opened and its metadata edited (the source type
            // goes on that action); a new manifest starts with c2pa.created carrying it.
            Action = HasContentCredentials(target) ? "c2pa.edited.metadata" : "c2pa.created",
            TrainingByEntry = TrainingConsent.NotAllowedEntries(plan.DataMiningCode),
        };
        // SignFile reads the whole file before writing it back through a temporary file and a rename.
        C2paSigner.SignFile(target, target, options with { Title = Path.GetFileName(target) });
    }

    private static void Report(bool json, string file, DisclosurePlan plan, string? written)
    {
        if (json)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                if (written is not null) w.WriteString("written", written);
                else w.WriteNull("written");
                if (plan.Content.DigitalSourceType is not null) w.WriteString("digital_source_type", plan.Content.DigitalSourceType);
                if (plan.Content.DataMining is not null) w.WriteString("data_mining", plan.Content.DataMining);
                w.WriteStartArray("tools");
                foreach (var t in plan.Content.Tools) w.WriteStringValue(t);
                w.WriteEndArray();
                w.WriteStartArray("actions");
                foreach (var a in plan.Content.Actions) w.WriteStringValue(a);
                w.WriteEndArray();
                w.WriteString("reason", plan.Reason);
                w.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            return;
        }
        var console = Terminal.Out;
        if (!plan.HasContent)
        {
            console.MarkupLine($"[grey]{Markup.Escape(file)}: nothing written — {Markup.Escape(plan.Reason)}[/]");
            return;
        }
        var parts = new List<string>();
        if (plan.SourceCode is not null) parts.Add($"Digital Source Type [bold]{Markup.Escape(plan.SourceCode)}[/]");
        if (plan.DataMiningCode is not null) parts.Add($"Data Mining [bold]{Markup.Escape(plan.DataMiningCode)}[/]");
        if (plan.Content.Tools.Count > 0) parts.Add($"tools {Markup.Escape(string.Join(", ", plan.Content.Tools))}");
        if (plan.Content.Actions.Count > 0) parts.Add($"{plan.Content.Actions.Count} action(s)");
        console.MarkupLine($"{(written is null ? "[yellow]would write[/]" : "[green]wrote[/]")} {Markup.Escape(written ?? file)}: {string.Join(", ", parts)}{(plan.Reason.Length == 0 ? "" : $" [grey]({Markup.Escape(plan.Reason)})[/]")}");
    }
}
