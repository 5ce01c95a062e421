using System.CommandLine;
using System.Text.Json;
using Candor.Search;
using Spectre.Console;

namespace Candor.Cli;

/// <summary><c>candor index build|append|stats|verify</c>: index a data set on this machine for <c>candor search</c> and <c>candor attribute</c>.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var command = new Command("index", "Index a data set (LAION-style parquet/CSV/JSONL metadata, img2dataset WebDataset shards, .npy embeddings, image folders) for search and attribution.");
        command.Subcommands.Add(Build());
        command.Subcommands.Add(Append());
        command.Subcommands.Add(Stats());
        command.Subcommands.Add(Verify());
        return command;
    }

    private static Command Build()
    {
        var dataset = new Argument<string>("dataset") { Description = "A data-set file or folder." };
        var output = new Option<string>("--out", "-o") { Description = "The index folder to create, resume or extend.", Required = true };
        var embed = new Option<string>("--embed") { Description = "Embeddings to compute: image, text (captions), both or none (default none; .npy embeddings that come with the data set are always indexed).", DefaultValueFactory = _ => "none" };
        embed.AcceptOnlyFromAmong("image", "text", "both", "none");
        var pdq = new Option<bool>("--pdq") { Description = "Hash images with PDQ for near-duplicate search (on by default)." };
        var noPdq = new Option<bool>("--no-pdq") { Description = "Do not hash images with PDQ." };
        var noPdqCrops = new Option<bool>("--no-pdq-crops") { Description = "Index only each image's own PDQ hash, not its 90 % and 80 % centre crops (a third of the Hamming index's size; cropped and turned copies are then missed)." };
        var imageEncoder = new Option<string?>("--image-encoder") { Description = "An image encoder config (JSON) instead of the shipped ResNet18; see docs/embeddings.md." };
        var textEncoder = new Option<string?>("--text-encoder") { Description = "A text encoder config (JSON) instead of the shipped MiniLM." };
        var space = new Option<string>("--precomputed-space") { Description = "The embedding space of the data set's own .npy image embeddings, e.g. openai-clip-vit-b-32.", DefaultValueFactory = _ => "precomputed" };
        var noThumbnails = new Option<bool>("--no-thumbnails") { Description = "Do not store 128-pixel previews of the images." };
        var json = new Option<bool>("--json") { Description = "Print the build report as JSON (schema candor.index-build/1)." };
        var command = new Command("build", "Build an index folder from a data set; run it again on the same folder to resume an interrupted build or add new shards.");
        command.Arguments.Add(dataset);
        foreach (var o in new Option[] { output, embed, pdq, noPdq, noPdqCrops, imageEncoder, textEncoder, space, noThumbnails, json }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var what = parse.GetValue(embed);
            var options = new IndexBuildOptions
            {
                Pdq = !parse.GetValue(noPdq),
                PdqVariants = !parse.GetValue(noPdqCrops),
                EmbedImages = what is "image" or "both",
                EmbedCaptions = what is "text" or "both",
                ImageEncoderConfig = parse.GetValue(imageEncoder),
                TextEncoderConfig = parse.GetValue(textEncoder),
                PrecomputedSpace = parse.GetValue(space)!,
                Thumbnails = !parse.GetValue(noThumbnails),
            };
            var folder = parse.GetValue(output)!;
            return Task.FromResult(Run(folder, parse.GetValue(json), progress => IndexBuilder.Build(parse.GetValue(dataset)!, folder, options, progress, ct)));
        });
        return command;
    }

    private static Command Append()
    {
        var index = new Argument<string>("index") { Description = "An index folder." };
        var dataset = new Argument<string?>("dataset") { Description = "The data set to add shards from (default: the one the folder was built from).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the build report as JSON." };
        var command = new Command("append", "Add the data set's new shards to an index folder, with the options of its first build.");
        command.Arguments.Add(index);
        command.Arguments.Add(dataset);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var folder = parse.GetValue(index)!;
            return Task.FromResult(Run(folder, parse.GetValue(json), progress => IndexBuilder.Append(folder, parse.GetValue(dataset), progress, ct)));
        });
        return command;
    }

    private static int Run(string folder, bool json, Func<IProgress<IndexBuildProgress>?, IndexBuildReport> build)
    {
        IndexBuildReport report;
        try
        {
            if (Terminal.CanShowProgress(json))
            {
                IndexBuildReport? result = null;
                Terminal.Err.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("reading shards");
                        result = build(new SyncProgress(p =>
                        {
                            task.MaxValue = Math.Max(1, p.ShardsTotal);
                            task.Value = p.ShardsDone;
                            task.Description = Terminal.Esc(p.Stage == "ingest" ? $"{p.Items:N0} items ({p.Problems:N0} skipped) · {Path.GetFileName(p.Shard)}" : p.Stage);
                        }));
                    });
                report = result!;
            }
            else report = build(null);
        }
        catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or DirectoryNotFoundException)
        {
            Terminal.Error($"{folder}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
            return ExitCodes.SomeFailed;
        }
        if (json)
        {
            Console.Out.WriteLine(JsonText.Indented(w =>
            {
                w.WriteStartObject();
                w.WriteString("schema", "candor.index-build/1");
                w.WriteString("index", Path.GetFullPath(folder));
                w.WriteNumber("shardsIngested", report.ShardsIngested);
                w.WriteNumber("shardsSkipped", report.ShardsSkipped);
                w.WriteNumber("itemsAdded", report.ItemsAdded);
                w.WriteNumber("problemsAdded", report.ProblemsAdded);
                w.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
                w.WritePropertyName("manifest");
                JsonSerializer.Serialize(w, report.Manifest, IndexManifestJson.Options);
                w.WriteEndObject();
            }));
            return ExitCodes.Ok;
        }
        var m = report.Manifest;
        Terminal.WriteLine($"{folder}: {m.Items:N0} items of '{m.Dataset}' from {m.Shards} shards");
        Terminal.WriteLine($"  this run: {report.ShardsIngested} shards read, {report.ShardsSkipped} already indexed, {report.ItemsAdded:N0} items added in {report.Elapsed.TotalSeconds:0.0} s ({report.ItemsPerSecond:N0} items/s)");
        if (m.Pdq) Terminal.WriteLine($"  PDQ: {m.PdqItems:N0} images hashed{(m.PdqVariants ? $" ({m.PdqCodes:N0} codes with the centre crops)" : "")}");
        if (m.Image is { } image) Terminal.WriteLine($"  image embeddings: {image.Count:N0} by {image.Encoder} ({image.Dimension}-d, {image.Source})");
        if (m.Caption is { } caption) Terminal.WriteLine($"  caption embeddings: {caption.Count:N0} by {caption.Encoder} ({caption.Dimension}-d)");
        if (m.Problems > 0) Terminal.WriteLine($"  {m.Problems:N0} rows skipped with a reason: see 'candor index stats {folder}'");
        return ExitCodes.Ok;
    }

    private static Command Stats()
    {
        var index = new Argument<string>("index") { Description = "An index folder." };
        var json = new Option<bool>("--json") { Description = "JSON (schema candor.index-stats/1)." };
        var command = new Command("stats", "What an index folder holds: data set, counts, encoders, file sizes, rows skipped and why.");
        command.Arguments.Add(index);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(index)!;
            IndexStats stats;
            try
            {
                stats = IndexMaintenance.Stats(folder);
            }
            catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException)
            {
                Terminal.Error($"{folder}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                return ExitCodes.SomeFailed;
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonText.Indented(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("schema", "candor.index-stats/1");
                    w.WritePropertyName("manifest");
                    JsonSerializer.Serialize(w, stats.Manifest, IndexManifestJson.Options);
                    w.WriteStartArray("files");
                    foreach (var (name, bytes) in stats.Files)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", name);
                        w.WriteNumber("bytes", bytes);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("problems");
                    foreach (var (shard, row, message) in stats.ProblemSample)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("shard", shard);
                        if (row is { } r) w.WriteNumber("row", r);
                        w.WriteString("message", message);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }));
                return ExitCodes.Ok;
            }
            var m = stats.Manifest;
            Terminal.WriteLine($"{folder}: '{m.Dataset}' ({m.DatasetPath})");
            Terminal.WriteLine($"  {m.Items:N0} items from {m.Shards} shards, built {m.Created}, updated {m.Updated}");
            Terminal.WriteLine(m.Pdq ? $"  PDQ: {m.PdqItems:N0} images{(m.PdqVariants ? $", {m.PdqCodes:N0} codes with the centre crops" : ", no crop codes")}" : "  PDQ: not computed");
            Terminal.WriteLine(m.Image is { } i ? $"  image embeddings: {i.Count:N0} by {i.Encoder} (space {i.Space}, {i.Dimension}-d, {i.Source})" : "  image embeddings: none");
            Terminal.WriteLine(m.Caption is { } c ? $"  caption embeddings: {c.Count:N0} by {c.Encoder} (space {c.Space}, {c.Dimension}-d)" : "  caption embeddings: none");
            Terminal.WriteLine($"  files: {stats.TotalBytes:N0} bytes");
            foreach (var (name, bytes) in stats.Files.Where(f => !f.Name.StartsWith("vectors", StringComparison.Ordinal)))
                Terminal.WriteLine($"    {bytes,14:N0}  {name}");
            if (m.Problems > 0)
            {
                Terminal.WriteLine($"  {m.Problems:N0} rows skipped; the first {stats.ProblemSample.Count}:");
                foreach (var (shard, row, message) in stats.ProblemSample)
                    Terminal.WriteLine($"    shard {shard}{(row is { } r ? $" row {r}" : "")}: {message}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var index = new Argument<string>("index") { Description = "An index folder." };
        var command = new Command("verify", "Check that an index folder's files are sound and agree with each other (catalogue, PDQ index, vector indexes).");
        command.Arguments.Add(index);
        command.SetAction((parse, ct) =>
        {
            var folder = parse.GetValue(index)!;
            try
            {
                var problems = IndexMaintenance.Verify(folder, ct);
                foreach (var p in problems) Terminal.Error($"{folder}: {p}");
                if (problems.Count == 0) Terminal.WriteLine($"{folder}: consistent");
                return Task.FromResult(problems.Count == 0 ? ExitCodes.Ok : ExitCodes.SomeFailed);
            }
            catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException)
            {
                Terminal.Error($"{folder}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                return Task.FromResult(ExitCodes.SomeFailed);
            }
        });
        return command;
    }

    /// <summary>Progress reported on the calling thread (Progress&lt;T&gt; would post to the thread pool and lag behind the bar).</summary>
    private sealed class SyncProgress(Action<IndexBuildProgress> report) : IProgress<IndexBuildProgress>
    {
        public void Report(IndexBuildProgress value) => report(value);
    }
}
