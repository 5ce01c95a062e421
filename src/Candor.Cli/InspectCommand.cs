using System.Buffers;
using System.CommandLine;
using Candor.C2pa.Validation;
using Candor.FileSystem;
using Candor.Fingerprints;
using Candor.Formats;
using Candor.Inspection;
using Candor.Watermark;
using Spectre.Console;

namespace Candor.Cli;

/// <summary><c>candor inspect PATH...</c>: read and explain the provenance of images.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Image files, folders (searched recursively) or glob patterns.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Machine-readable output: one JSON document for one file, JSON Lines for several (schema candor.inspect/1, docs/inspect-json.md)." };
        var raw = new Option<bool>("--raw") { Description = "Also list every block and every decoded field, like exiftool -a -G1." };
        var models = new Option<DirectoryInfo?>("--models") { Description = "Folder of local model files: check every hash the image claims against them." };
        var noPixels = new Option<bool>("--no-pixels") { Description = "Do not decode pixels (skips hidden alpha-channel copies and NovelAI signature checks)." };
        var maxChunk = new Option<int>("--max-chunk-mib") { Description = "Largest decompressed size of one compressed chunk, in MiB.", DefaultValueFactory = _ => 8 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files read in parallel (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("inspect", "Read every piece of provenance in images and explain it: generator, parameters, models and hashes, control inputs and their risk, AI disclosure, findings.");
        var watermarkKey = new Option<string?>("--watermark-key") { Description = "A watermark key file: also look for a Candor watermark made with it (a finding in the report)." };
        var followLinks = PathNotes.FollowLinksOption();
        var noValidate = new Option<bool>("--no-validate") { Description = "Read Content Credentials (C2PA) without validating them (signatures, certificates, hashes)." };
        foreach (var o in new Option[] { json, raw, models, noPixels, noValidate, watermarkKey, maxChunk, jobs, followLinks }) command.Options.Add(o);
        command.Arguments.Add(paths);
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(maxChunk) is < 1 or > 4096) return Fail("--max-chunk-mib must be between 1 and 4096.");
            if (parse.GetValue(jobs) < 1) return Fail("--jobs must be at least 1.");
            var modelDir = parse.GetValue(models);
            if (modelDir is not null && !modelDir.Exists) return Fail($"--models: folder not found: {modelDir.FullName}");
            var given = parse.GetValue(paths)!;
            if (given.FirstOrDefault(p => p.StartsWith("--", StringComparison.Ordinal) && !File.Exists(p)) is { } unknown)
                return Fail($"unknown option '{unknown}' (try 'candor inspect --help')");
            WatermarkKey? key = null;
            if (parse.GetValue(watermarkKey) is { } keyPath)
            {
                try
                {
                    key = WatermarkKey.Load(keyPath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException)
                {
                    return Fail($"--watermark-key {keyPath}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                }
            }
            var follow = parse.GetValue(followLinks);
            var expansion = ImagePaths.Expand(given, follow, ct);
            var unread = PathNotes.Print(expansion);
            var options = new InspectOptions
            {
                IncludeRaw = parse.GetValue(raw),
                DecodePixels = !parse.GetValue(noPixels),
                C2pa = parse.GetValue(noValidate) ? null : C2paValidationOptions.Default,
                Scan = new ScanOptions { MaxDecompressedBytes = parse.GetValue(maxChunk) << 20 },
                WatermarkKey = key,
                Models = modelDir is null ? null : IndexModels(modelDir.FullName, follow, ct),
            };
            var failed = Run(expansion.Files, options, parse.GetValue(json), parse.GetValue(jobs), ct);
            return Task.FromResult(failed > 0 || unread > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);
        });
        return command;
    }

    private static ModelLibrary IndexModels(string folder, bool followLinks, CancellationToken ct)
    {
        var cache = new HashCache();
        foreach (var w in cache.Warnings) Terminal.Error(w);
        var library = ModelLibrary.Index(folder, cache, Environment.ProcessorCount, ct, followLinks);
        cache.Save();
        if (library.HashesComputed > 0) Terminal.Error($"hashed {library.HashesComputed} model file(s) in {folder} (cached in {HashCache.DefaultPath})");
        return library;
    }

    private static Task<int> Fail(string message)
    {
        Terminal.Error(message);
        return Task.FromResult(ExitCodes.Usage);
    }

    private static int Run(IReadOnlyList<string> files, InspectOptions options, bool json, int jobs, CancellationToken ct)
    {
        var inspector = new Inspector(options);
        var failed = 0;
        var indented = files.Count == 1;
        // Each worker also writes its report's JSON, so the writing is spread over the cores too; the main thread only
        // copies the bytes to stdout, in order. JSON is UTF-8 whatever the terminal's encoding.
        var results = OrderedParallel.Map(files, file =>
        {
            var report = inspector.Inspect(file);
            if (!json) return (report, (byte[]?)null);
            var buffer = new ArrayBufferWriter<byte>(8192);
            ReportJson.Write(buffer, report, indented);
            buffer.Write("\n"u8);
            return (report, buffer.WrittenSpan.ToArray());
        }, jobs, ct);
        using var stdout = json ? new BufferedStream(Console.OpenStandardOutput(), 1 << 16) : null;

        void Emit((ProvenanceReport Report, byte[]? Json) result)
        {
            var report = result.Report;
            if (report.Error is not null)
            {
                failed++;
                // stdout is written in blocks: what precedes the error in the output is flushed before it.
                stdout?.Flush();
                Terminal.Error($"{report.Path}: {report.Error}");
            }
            if (result.Json is { } bytes) stdout!.Write(bytes);
            else if (report.Error is null) ReportRenderer.Render(Terminal.Out, report);
        }

        if (files.Count > 1 && Terminal.CanShowProgress(json))
        {
            Terminal.Err.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(p =>
                {
                    var task = p.AddTask("inspecting", maxValue: files.Count);
                    foreach (var r in results) { Emit(r); task.Increment(1); }
                });
        }
        else foreach (var r in results) Emit(r);
        stdout?.Flush();
        Console.Out.Flush();
        return failed;
    }
}
