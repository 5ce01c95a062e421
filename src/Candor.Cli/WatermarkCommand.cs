using System.CommandLine;
using System.Globalization;
using Candor.Consent;
using Candor.FileSystem;
using Candor.Provenance;
using Candor.Watermark;
using Spectre.Console;

namespace Candor.Cli;

/// <summary>
/// <c>candor watermark keygen|embed|detect|bench</c>: the invisible keyed watermark. The command only
/// parses and renders; keys, embedding, detection and the attack bench live in <c>Candor.Watermark</c>.
/// </summary>
internal static class WatermarkCommand
{
    /// <summary>
    /// Lets <c>watermark embed --no-train</c> stand without a value (meaning "all"), as <c>disclose --no-train</c> does,
    /// so "--no-train in.png out.png" leaves both files to the argument list.
    /// </summary>
    public static string[] NormalizeArguments(string[] args)
    {
        if (args.Length < 2 || args[0] != "watermark" || args[1] != "embed") return args;
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--no-train" && (i + 1 == args.Length || !TrainingConsent.IsWord(args[i + 1]))) result.Add("--no-train=all");
            else result.Add(args[i]);
        }
        return [.. result];
    }

    public static Command Create()
    {
        var command = new Command("watermark", "Invisible keyed watermark: make a key, mark an image, find the mark, measure it against common edits.");
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(Embed());
        command.Subcommands.Add(Detect());
        command.Subcommands.Add(Bench());
        return command;
    }

    private static int Fail(string message, int code = ExitCodes.Usage)
    {
        Terminal.Error(message);
        return code;
    }

    private static string Describe(Exception e) => e is CandorFormatException f ? f.Describe() : e.Message;

    /// <summary>Loads a key file, or prints why not (null).</summary>
    private static WatermarkKey? LoadKey(string path)
    {
        try
        {
            return WatermarkKey.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException)
        {
            Terminal.Error($"--key-file {path}: {Describe(e)}");
            return null;
        }
    }

    private static Command Keygen()
    {
        var file = new Argument<string>("file") { Description = "Where to write the new key (one line of text, readable only by you)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing file." };
        var command = new Command("keygen", "Make a new random watermark key.");
        command.Arguments.Add(file);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (File.Exists(path) && !parse.GetValue(force)) return Fail($"{path} already exists; not replacing it (use --force)", ExitCodes.SomeFailed);
            var key = WatermarkKey.Generate();
            try
            {
                key.Save(path, overwrite: parse.GetValue(force));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"{path}: {e.Message}", ExitCodes.SomeFailed);
            }
            Terminal.WriteLine($"{path}: new watermark key {key.Id} (keep it secret: whoever has it can find, forge and remove your marks)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Embed()
    {
        var input = new Argument<string>("in") { Description = "The image to mark (PNG, JPEG or WebP; at most 64 Mi pixels, e.g. 8192×8192)." };
        var output = new Argument<string>("out") { Description = "Where to write the marked copy; the format follows the extension (.png, .jpg, .webp)." };
        var keyFile = new Option<string?>("--key-file") { Description = "The key (from 'candor watermark keygen'). Optional with --no-train, which otherwise uses the public do-not-train key." };
        var payload = new Option<string?>("--payload") { Description = "64 bits to carry, as 16 hex digits." };
        var message = new Option<string?>("--message") { Description = "Up to 8 bytes of text to carry." };
        var noTrain = new Option<string?>("--no-train") { Description = "Carry the \"do not train\" preset: all (any data mining, the default), ai (AI/ML training) or genai (generative AI training)." };
        var owner = new Option<string?>("--owner") { Description = "Owner tag of the --no-train preset, 8 hex digits." };
        var strength = new Option<double>("--strength") { Description = "Amplitude multiplier (1 ≈ 41 dB PSNR; 2 is more robust and more visible).", DefaultValueFactory = _ => 1.0 };
        var quality = new Option<int>("--quality") { Description = "JPEG or WebP quality of OUT (1–100).", DefaultValueFactory = _ => 90 };
        var measure = new Option<bool>("--measure") { Description = "Decode OUT again and print its PSNR and SSIM against IN (JPEG/WebP loss included); costs more than the marking on large images." };
        var command = new Command("embed", "Mark an image with a 64-bit payload under a key.");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        foreach (var o in new Option[] { keyFile, payload, message, noTrain, owner, strength, quality, measure }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var (inPath, outPath) = (parse.GetValue(input)!, parse.GetValue(output)!);
            var (hex, text, scopeName, ownerHex) = (parse.GetValue(payload), parse.GetValue(message), parse.GetValue(noTrain), parse.GetValue(owner));
            if ((hex is null ? 0 : 1) + (text is null ? 0 : 1) + (scopeName is null ? 0 : 1) != 1)
                return Fail("give exactly one of --payload HEX, --message TEXT or --no-train");
            if (ownerHex is not null && scopeName is null) return Fail("--owner goes with --no-train");
            WatermarkPayload mark;
            try
            {
                if (hex is not null) mark = WatermarkPayload.FromHex(hex);
                else if (text is not null) mark = WatermarkPayload.FromText(text);
                else
                {
                    if (!TrainingConsent.TryParseWord(scopeName, out var scope, out var problem)) return Fail($"--no-train: {problem}");
                    uint ownerTag = 0;
                    if (ownerHex is not null && !WatermarkPresets.TryParseOwnerTag(ownerHex, out ownerTag, out var ownerProblem))
                        return Fail($"--owner: {ownerProblem}");
                    mark = WatermarkPayload.DoNotTrain(scope, ownerTag);
                }
            }
            catch (FormatException e)
            {
                return Fail($"{(hex is not null ? "--payload" : "--message")}: {e.Message}");
            }
            if (parse.GetValue(strength) is not (> 0 and <= 16)) return Fail("--strength must be above 0 and at most 16");
            if (parse.GetValue(quality) is < 1 or > 100) return Fail("--quality must be between 1 and 100");
            if (!WatermarkFile.IsWritable(outPath))
                return Fail($"{outPath}: cannot tell the format to write from the extension; use .png, .jpg or .webp");
            if (FilePaths.IsSameFile(inPath, outPath))
                return Fail("OUT is the same file as IN; the original is never overwritten");

            WatermarkKey? key = parse.GetValue(keyFile) is { } kf ? LoadKey(kf) : scopeName is not null ? WatermarkKey.PublicDoNotTrain : null;
            if (key is null) return parse.GetValue(keyFile) is null ? Fail("--key-file is required (except with --no-train)") : ExitCodes.Usage;

            var report = WatermarkFile.Embed(inPath, outPath, key, mark, new WatermarkOptions { Strength = parse.GetValue(strength) }, parse.GetValue(quality), parse.GetValue(measure));
            if (!report.Succeeded) return Fail($"{report.ErrorFile}: {report.Error}", ExitCodes.SomeFailed);
            var who = key == WatermarkKey.PublicDoNotTrain ? "the public do-not-train key" : $"key {key.Id}";
            Terminal.WriteLine($"{outPath}: marked under {who}, {mark.Describe()}");
            var lossless = Path.GetExtension(outPath).Equals(".png", StringComparison.OrdinalIgnoreCase);
            Terminal.WriteLine(report.WrittenMeasured
                ? string.Create(CultureInfo.InvariantCulture, $"  PSNR {report.Psnr:0.00} dB, SSIM {report.Ssim:0.0000} (the written file against {inPath})")
                : lossless
                    ? string.Create(CultureInfo.InvariantCulture, $"  PSNR {report.MarkPsnr:0.00} dB (the written pixels against {inPath}; --measure adds SSIM)")
                    : string.Create(CultureInfo.InvariantCulture, $"  PSNR {report.MarkPsnr:0.00} dB of the mark before compression (--measure: the written file's PSNR and SSIM)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Detect()
    {
        var paths = new Argument<string[]>("files") { Description = "Images or folders.", Arity = ArgumentArity.OneOrMore };
        var keyFile = new Option<string?>("--key-file") { Description = "The key the marks were made with." };
        var publicNoTrain = new Option<bool>("--public-no-train") { Description = "Look for the public \"do not train\" mark (no key needed)." };
        var json = new Option<bool>("--json") { Description = $"One JSON document (schema {WatermarkJson.DetectSchema}) with an array of results." };
        var followLinks = PathNotes.FollowLinksOption();
        var threshold = new Option<double>("--threshold") { Description = "False-positive rate accepted per image (default 1e-6).", DefaultValueFactory = _ => WatermarkDetectOptions.Default.Threshold };
        var command = new Command("detect", "Look for a watermark in images (up to 256 Mi pixels, e.g. 16384×16384); prints found or not, the p-value (the chance of a false alarm) and the payload.");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { keyFile, publicNoTrain, json, threshold, followLinks }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var kf = parse.GetValue(keyFile);
            var usePublic = parse.GetValue(publicNoTrain);
            if ((kf is null) == !usePublic) return Task.FromResult(Fail("give exactly one of --key-file K or --public-no-train"));
            if (parse.GetValue(threshold) is not (> 0 and < 1)) return Task.FromResult(Fail("--threshold must be between 0 and 1 (exclusive)"));
            var key = usePublic ? WatermarkKey.PublicDoNotTrain : LoadKey(kf!);
            if (key is null) return Task.FromResult(ExitCodes.Usage);
            var options = new WatermarkDetectOptions { Threshold = parse.GetValue(threshold) };
            var isJson = parse.GetValue(json);

            var expansion = ImagePaths.Expand(parse.GetValue(paths)!, parse.GetValue(followLinks), ct);
            PathNotes.Print(expansion);
            var results = new List<WatermarkFileDetection>();
            foreach (var m in expansion.Missing) results.Add(new(m, null, "no such file, folder or matching image"));
            foreach (var p in expansion.Problems.Where(p => p.Failed)) results.Add(new(p.Path, null, p.Message));
            foreach (var file in expansion.Files)
            {
                ct.ThrowIfCancellationRequested();
                var entry = WatermarkFile.Detect(file, key, options);
                results.Add(entry);
                if (entry.Error is { } error) Terminal.Error($"{file}: {error}");
                else if (!isJson) Terminal.WriteLine($"{file}: {Line(entry.Detection!)}");
            }
            if (isJson) Console.Out.WriteLine(JsonText.Indented(w => WatermarkJson.WriteDetect(w, key, options.Threshold, results)));
            return Task.FromResult(results.Any(r => r.Error is not null) ? ExitCodes.SomeFailed : ExitCodes.Ok);
        });
        return command;
    }

    private static string Line(WatermarkDetection d)
    {
        var p = d.PValue.ToString("g3", CultureInfo.InvariantCulture);
        if (!d.Found) return $"not found (p = {p})";
        return $"found (p = {p}), {d.Payload?.Describe() ?? "payload unreadable"}";
    }

    private static Command Bench()
    {
        var paths = new Argument<string[]>("images") { Description = "Folders or images to measure on.", Arity = ArgumentArity.OneOrMore };
        var keyFile = new Option<string>("--key-file") { Description = "The key to mark with.", Required = true };
        var payload = new Option<string?>("--payload") { Description = "64 bits to embed, 16 hex digits (default: the text \"candor\")." };
        var strength = new Option<double>("--strength") { Description = "Amplitude multiplier.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = $"One JSON document (schema {WatermarkJson.BenchSchema})." };
        var followLinks = PathNotes.FollowLinksOption();
        var command = new Command("bench", "Measure the watermark on a set of images: visibility (PSNR, SSIM), speed, and bit accuracy through every standard attack.");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { keyFile, payload, strength, json, followLinks }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            WatermarkPayload mark;
            try
            {
                mark = parse.GetValue(payload) is { } hex ? WatermarkPayload.FromHex(hex) : WatermarkPresets.BenchDefault;
            }
            catch (FormatException e)
            {
                return Task.FromResult(Fail($"--payload: {e.Message}"));
            }
            if (parse.GetValue(strength) is not (> 0 and <= 16)) return Task.FromResult(Fail("--strength must be above 0 and at most 16"));
            var key = LoadKey(parse.GetValue(keyFile)!);
            if (key is null) return Task.FromResult(ExitCodes.Usage);
            var expansion = ImagePaths.Expand(parse.GetValue(paths)!, parse.GetValue(followLinks), ct);
            var unread = PathNotes.Print(expansion);
            if (expansion.Files.Count == 0) return Task.FromResult(Fail("no images to measure on", ExitCodes.SomeFailed));
            var isJson = parse.GetValue(json);
            IProgress<string>? progress = Terminal.CanShowProgress(isJson) ? new Progress<string>(s => Console.Error.Write($"\r\u001b[K{TerminalText.Visible(s)}")) : null;
            var report = WatermarkBench.Run(expansion.Files, key, mark, new WatermarkOptions { Strength = parse.GetValue(strength) }, progress);
            if (progress is not null) Console.Error.Write("\r\u001b[K");
            foreach (var s in report.Skipped) Terminal.Error(s);
            if (isJson) Console.Out.WriteLine(JsonText.Indented(w => WatermarkJson.WriteBench(w, report)));
            else RenderBench(Terminal.Out, report);
            return Task.FromResult(report.Skipped.Count > 0 || unread > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok);
        });
        return command;
    }

    private static string F(double value, string format) =>
        double.IsNaN(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);

    private static void RenderBench(IAnsiConsole console, WatermarkBenchReport r)
    {
        console.MarkupLine($"[bold]Watermark bench[/]: {r.Images.Count} image(s), key {r.KeyId}, payload {r.Payload.ToHex()}, strength {F(r.Strength, "0.##")}, threshold {F(r.Threshold, "g3")}");
        var table = new Table().Border(TableBorder.Simple).AddColumns("attack", "group", "bit accuracy", "exact", "detected", "target", "met");
        foreach (var a in r.Attacks)
        {
            var met = a.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => "—" };
            table.AddRow(Terminal.Esc(a.Name), a.Group, F(a.MeanBitAccuracy, "0.0000"), F(a.ExactRate * 100, "0") + "%", F(a.DetectionRate * 100, "0") + "%",
                a.Target is { } t ? "≥ " + F(t, "0.00") : "—", met);
        }
        console.Write(table);
        console.MarkupLine($"mean PSNR {F(r.MeanPsnr, "0.00")} dB (lowest {F(r.MinPsnr, "0.00")} dB), mean SSIM {F(r.MeanSsim, "0.0000")}");
        console.MarkupLine($"embed {F(r.MeanEmbedMs, "0")} ms per image ({F(r.EmbedMsPerMegapixel, "0")} ms/MP), detect {F(r.MeanDetectMs, "0")} ms per image ({F(r.DetectMsPerMegapixel, "0")} ms/MP), one thread");
        if (r.Speed.Count > 0)
        {
            var speed = new Table().Border(TableBorder.Simple).Title("speed (first image resized, Lanczos)")
                .AddColumns("MP", "size", "embed ms", "detect ms", $"embed ms, {r.Cores} cores", "speed-up");
            foreach (var s in r.Speed)
                speed.AddRow(F(s.Megapixels, "0.#"), $"{s.Width}×{s.Height}", F(s.EmbedMs, "0"), F(s.DetectMs, "0"), F(s.EmbedMsAllCores, "0"), F(s.EmbedSpeedup, "0.00") + "×");
            console.Write(speed);
        }
        foreach (var a in r.Attacks.Where(a => a.Failures.Count > 0))
            console.MarkupLine($"[yellow]{Terminal.Esc(a.Name)} could not run on {a.Failures.Count} image(s): {Terminal.Esc(a.Failures[0])}[/]");
    }
}
