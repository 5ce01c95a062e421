using System.CommandLine;
using System.Text.Json;
using Candor.Fingerprints;
using Spectre.Console;

namespace Candor.Cli;

/// <summary><c>candor hash FILE|DIR</c>: every hash AI tools use to name a model file, in one streaming pass.</summary>
internal static class HashCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = $"Model files or folders (searched recursively for {string.Join(", ", ModelLibrary.ModelExtensions)}).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per line." };
        var followLinks = PathNotes.FollowLinksOption();
        var command = new Command("hash", "Print AutoV1, AutoV2, AutoV3, the LoRA (addnet) hash, SHA-256, CRC32 and BLAKE3 of model files.");
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.Options.Add(followLinks);
        command.SetAction((parse, ct) =>
        {
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
