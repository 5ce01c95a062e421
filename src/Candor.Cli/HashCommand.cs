using System.CommandLine;
using System.Text.Json;
using Candor.FileSystem;
using Candor.Fingerprints;
using Spectre.Console;

namespace Candor.Cli;

/// <summary>
/// <c>candor hash FILE|DIR</c>: every hash AI tools use to name a model file, in one streaming pass; with <c>--pdq</c>,
/// the PDQ perceptual hash of images instead (Meta's algorithm, bit-exact with its C++ reference).
/// </summary>
internal static class HashCommand
{
    /// <summary>The schema name of <c>--pdq --json</c> lines.</summary>
    public const string PdqSchema = "candor.pdq/1";

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = $"Model files or folders (searched recursively for {string.Join(", ", ModelLibrary.ModelExtensions)}); with --pdq, image files, folders or glob patterns.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var pdq = new Option<bool>("--pdq") { Description = $"PDQ perceptual hashes of images (PNG, JPEG, WebP): '<hex>  q=<quality>  <path>'; with --json, schema {PdqSchema}." };
        var dihedral = new Option<bool>("--dihedral") { Description = "With --pdq: also the hashes of the 7 rotations and mirrors (orig, rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1)." };
        var followLinks = PathNotes.FollowLinksOption();
        var command = new Command("hash", "Print AutoV1, AutoV2, AutoV3, the LoRA (addnet) hash, SHA-256, CRC32 and BLAKE3 of model files, or with --pdq the PDQ hashes of images.");
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.Options.Add(pdq);
        command.Options.Add(dihedral);
        command.Options.Add(followLinks);
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(pdq))
                return Task.FromResult(HashImages(parse.GetValue(paths)!, parse.GetValue(json), parse.GetValue(dihedral), parse.GetValue(followLinks), ct));
            if (parse.GetValue(dihedral))
            {
                Terminal.Error("--dihedral needs --pdq (model files have no rotations).");
                return Task.FromResult(ExitCodes.Usage);
            }
            var expansion = ModelPaths.Expand(parse.GetValue(paths)!, parse.GetValue(followLinks), ct);
            var missing = PathNotes.Print(expansion, "no such file or folder");
            var failed = 0;
            foreach (var file in expansion.Files)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var hashes = Compute(file, parse.GetValue(json), ct);
                    if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(file, hashes));
                    else Render(file, hashes);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException)
                {
                    failed++;
                    Terminal.Error($"{file}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                }
            }
            return Task.FromResult(failed + missing > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>
    /// PDQ-hashes every image the paths name (folders searched like <c>inspect</c> does), on all cores, printing in
    /// input order; a file that cannot be hashed gets one error line on stderr and the batch goes on.
    /// </summary>
    private static int HashImages(string[] given, bool json, bool dihedral, bool followLinks, CancellationToken ct)
    {
        var expansion = ImagePaths.Expand(given, followLinks, ct);
        var unread = PathNotes.Print(expansion);
        var failed = 0;
        var results = expansion.Files.AsParallel().AsOrdered().WithCancellation(ct)
            .WithMergeOptions(ParallelMergeOptions.NotBuffered)
            .Select(file => (File: file, Outcome: HashImage(file, dihedral)));
        foreach (var (file, outcome) in results)
        {
            if (outcome.Hashes is not { } d)
            {
                failed++;
                Terminal.Error($"{file}: {outcome.Error}");
            }
            else if (json) Console.Out.WriteLine(PdqJson(file, d, dihedral));
            else if (!dihedral) Terminal.WriteLine($"{d.Original}  q={d.Quality}  {file}");
            else
                for (var v = 0; v < 8; v++) Terminal.WriteLine($"{d.All[v]}  q={d.Quality}  {file}  {PdqDihedral.Names[v]}");
        }
        Console.Out.Flush();
        return failed + unread > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    /// <summary>The hashes of one image (only <see cref="PdqDihedral.Original"/> filled in without --dihedral), or why there are none.</summary>
    private readonly record struct PdqOutcome(PdqDihedral? Hashes, string? Error);

    private static PdqOutcome HashImage(string file, bool dihedral)
    {
        try
        {
            if (dihedral) return new PdqOutcome(PdqHasher.HashFileDihedral(file), null);
            var r = PdqHasher.HashFile(file);
            return new PdqOutcome(new PdqDihedral(r.Hash, default, default, default, default, default, default, default, r.Quality), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or NotSupportedException or InvalidOperationException)
        {
            return new PdqOutcome(null, e is CandorFormatException f ? f.Describe() : e.Message);
        }
    }

    private static string PdqJson(string file, PdqDihedral d, bool dihedral)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("schema", PdqSchema);
            w.WriteString("path", file);
            w.WriteString("pdq", d.Original.ToString());
            w.WriteNumber("quality", d.Quality);
            if (dihedral)
            {
                w.WriteStartObject("dihedral");
                for (var v = 0; v < 8; v++) w.WriteString(PdqDihedral.Names[v], d.All[v].ToString());
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ModelHashSet Compute(string file, bool json, CancellationToken ct)
    {
        var length = new FileInfo(file).Length;
        if (length < 256 << 20 || !Terminal.CanShowProgress(true) && !(!json && !Console.IsErrorRedirected))
            return ModelHashes.Compute(file, null, ct);
        ModelHashSet? result = null;
        Terminal.Err.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Terminal.Esc(Path.GetFileName(file)), maxValue: length);
                result = ModelHashes.Compute(file, new Progress<long>(done => task.Value = done), ct);
            });
        return result!;
    }

    private static void Render(string file, ModelHashSet h)
    {
        var console = Terminal.Out;
        console.MarkupLine($"[bold]{Terminal.Esc(file)}[/]");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        grid.AddRow("  [grey]size[/]", $"{h.Size} bytes{(h.IsSafetensors ? ", safetensors" : "")}");
        foreach (var (name, value) in h.Named())
            grid.AddRow($"  [grey]{Terminal.Esc(name)}[/]", Terminal.Esc(value ?? "—"));
        if (h.HeaderProblem is not null) grid.AddRow("  [grey]header[/]", $"[yellow]{Terminal.Esc(h.HeaderProblem)}[/]");
        console.Write(grid);
    }

    private static string ToJson(string file, ModelHashSet h)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) h.WriteJson(w, file);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
