using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Bench;

/// <summary>
/// `watermark-rotation [--photos N|NAME,...] [--keys K] [--step S] [--from A] [--to A] [--angles A,...] [--size WxH]
/// [--threads T] [--seed S] [--failures N] DIR|FILE...`: the watermark's rotation curve. Every photo is marked once
/// under each of K keys (deterministic, from the seed) with a payload drawn from the same seed, rounded to 8 bits; each
/// marked copy is then turned by every angle from A to A in steps of S degrees (same canvas, black corners, as the attack
/// suite's rotate-5 and rotate-15), rounded to 8 bits again and searched. Prints one row per angle — detection rate at
/// p ≤ 1e-6, mean payload bits correct (of 64; the decoder's best guess when the check failed), the smallest pilot
/// score and the largest p-value — then the worst angles and the failures with what the detector reported.
/// Photo × key pairs run in parallel over T threads. <c>--size WxH</c> first centre-crops every photo to that aspect and
/// resizes it (Lanczos), to test other image sizes than the corpus's 768×512.
/// </summary>
internal static class WatermarkRotation
{
    public static int Run(string[] args)
    {
        if (args is ["--profile", .. var profileArgs]) return Profile(profileArgs);
        if (args is ["--diagnose", .. var diagnoseArgs]) return Diagnose(diagnoseArgs);
        int keys = 8, threads = Environment.ProcessorCount, seed = 15, showFailures = 40;
        double from = -20, to = 20, step = 0.25;
        string? photoFilter = null;
        double[]? angleList = null;
        (int W, int H)? size = null;
        var inputs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--photos": photoFilter = args[++i]; break;
                case "--keys": keys = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--step": step = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--from": from = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--to": to = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--angles": angleList = args[++i].Split(',').Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--failures": showFailures = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--size":
                    var parts = args[++i].Split('x');
                    size = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
                    break;
                default: inputs.Add(args[i]); break;
            }
        }
        if (inputs.Count == 0 || keys < 1 || !(step > 0) || to < from)
        {
            Console.Error.WriteLine("usage: watermark-rotation [--photos N|NAME,...] [--keys K] [--step S] [--from A] [--to A] [--angles A,...] [--size WxH] [--threads T] [--seed S] DIR|FILE...");
            return 2;
        }
        var files = inputs.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p])
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".webp")
            .Order(StringComparer.Ordinal).ToList();
        if (photoFilter is not null)
            files = int.TryParse(photoFilter, out var n) ? [.. files.Take(n)]
                : [.. files.Where(f => photoFilter.Split(',').Contains(Path.GetFileNameWithoutExtension(f)))];
        var angles = angleList ?? Enumerable.Range(0, (int)Math.Round((to - from) / step) + 1).Select(k => Math.Round(from + k * step, 6)).ToArray();
        var photos = files.Select(f => (Name: Path.GetFileNameWithoutExtension(f), Image: Prepare(ImageCodec.Load(f), size))).ToList();
        var keyList = Enumerable.Range(0, keys).Select(k => BenchKey(seed, k)).ToList();
        Console.WriteLine($"watermark rotation: {photos.Count} photo(s) ({string.Join(", ", photos.Select(p => $"{p.Name} {p.Image.Width}×{p.Image.Height}").Take(3))}{(photos.Count > 3 ? ", …" : "")}), " +
            $"{keys} key(s) from seed {seed}, {angles.Length} angle(s) {angles[0]}°…{angles[^1]}°, {threads} thread(s)");

        var results = new Result[angles.Length, photos.Count * keys];
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long detectTicks = 0, done = 0;
        Parallel.For(0, photos.Count * keys, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            var (photo, keyIndex) = (job / keys, job % keys);
            var (key, payload) = keyList[keyIndex];
            var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(photos[photo].Image, key, payload));
            for (var a = 0; a < angles.Length; a++)
            {
                var rotated = Transforms.Clamp8(Transforms.Rotate(marked, angles[a], expand: false, fill: 0));
                var timer = Stopwatch.StartNew();
                var detection = WatermarkDetector.Detect(rotated, key);
                Interlocked.Add(ref detectTicks, timer.ElapsedTicks);
                var guess = detection.Payload ?? detection.BestGuess;
                var bits = guess is null ? 32 : 64 - System.Numerics.BitOperations.PopCount(guess.Value ^ payload.Value);
                results[a, job] = new Result(detection.Found, bits, detection.PilotScore, detection.PValue, detection.RotationDegrees ?? double.NaN);
            }
            var finished = Interlocked.Increment(ref done);
            if (finished % Math.Max(1, photos.Count * keys / 10) == 0)
                Console.Error.WriteLine($"  {finished}/{photos.Count * keys} photo×key done, {clock.Elapsed.TotalSeconds:F0} s");
        });
        var wall = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        Console.WriteLine();
        Console.WriteLine("  angle    rate     bits   min score   max p");
        var worst = new List<(double Rate, double Angle)>();
        var failures = new List<string>();
        var cases = photos.Count * keys;
        for (var a = 0; a < angles.Length; a++)
        {
            int found = 0;
            double bits = 0, minScore = double.PositiveInfinity, maxP = 0;
            for (var j = 0; j < cases; j++)
            {
                var r = results[a, j];
                if (r.Found) found++;
                else failures.Add($"  {photos[j / keys].Name} key {j % keys} ({keyList[j % keys].Key.Id}) at {angles[a]:0.##}°: p = {r.PValue:g3}, pilot {r.Score:F1}, bits {r.Bits}/64, estimated rotation {r.Rotation:0.##}°");
                bits += r.Bits;
                minScore = Math.Min(minScore, r.Score);
                maxP = Math.Max(maxP, r.PValue);
            }
            var rate = (double)found / cases;
            worst.Add((rate, angles[a]));
            Console.WriteLine($"  {angles[a],6:0.00}   {rate,6:0.000}   {bits / cases,5:0.0}   {minScore,9:0.0}   {maxP:g3}");
        }
        Console.WriteLine();
        var total = angles.Length * cases;
        var missed = failures.Count;
        Console.WriteLine($"detections {total - missed}/{total} ({(double)(total - missed) / total:0.0000}); lowest rate {worst.Min(w => w.Rate):0.000} at " +
            string.Join(", ", worst.Where(w => w.Rate == worst.Min(v => v.Rate)).Select(w => $"{w.Angle:0.##}°").Take(12)) +
            $"; angles below 0.99: {worst.Count(w => w.Rate < 0.99)} of {angles.Length}");
        Console.WriteLine($"embed {cases}× + rotate and detect {total}×: wall {wall:F0} s, cpu {cpuSeconds:F0} s; mean detect {TimeSpan.FromTicks(detectTicks / Math.Max(1, total)).TotalMilliseconds * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency):F1} ms (wall per call, {threads} in parallel)");
        if (failures.Count > 0)
        {
            Console.WriteLine($"failures ({failures.Count}{(failures.Count > showFailures ? $", first {showFailures}" : "")}):");
            foreach (var line in failures.Take(showFailures)) Console.WriteLine(line);
        }
        return 0;
    }

    /// <summary>
    /// `watermark-rotation --profile [--repeat R] PHOTO`: where one detection spends its time, on one thread: the photo marked
    /// and not moved (stage 1 only), turned 5° (stage 2), and the sections of the search timed one by one with Stopwatch;
    /// then the same photo resized to 12 MP, detected on one thread and on every core.
    /// </summary>
    private static int Profile(string[] args)
    {
        var repeat = 30;
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat") repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else path = args[i];
        }
        if (path is null) { Console.Error.WriteLine("usage: watermark-rotation --profile [--repeat R] PHOTO"); return 2; }
        var (key, payload) = BenchKey(15, 0);
        var photo = ImageCodec.Load(path);
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, key, payload));
        var turned = Transforms.Clamp8(Transforms.Rotate(marked, 5, expand: false, fill: 0));
        var layout = new TileLayout(key);
        var pilot = WatermarkDetector.Spectrum(layout.PilotGrid);
        int w = marked.Width, h = marked.Height;
        var luma = ColorSpace.Luma(marked);
        var residual = PlaneOps.Residual(luma, w, h);
        var tile = WatermarkDetector.Fold(residual, w, h, Lattice.Identity);
        var filtered = WatermarkDetector.MatchedFilter(tile);
        var sections = new (string Name, Action Run)[]
        {
            ("detect, marked (stage 1)", () => WatermarkDetector.Detect(marked, key)),
            ("detect, turned 5° (stages 1 and 2)", () => WatermarkDetector.Detect(turned, key)),
            ("  luma", () => ColorSpace.Luma(marked)),
            ("  residual", () => PlaneOps.Residual(luma, w, h)),
            ("  fold (unmoved lattice)", () => WatermarkDetector.Fold(residual, w, h, Lattice.Identity)),
            ("  fold (turned lattice)", () => WatermarkDetector.Fold(residual, w, h, new Lattice(127.5, 11.2, -11.2, 127.5))),
            ("  matched filter", () => WatermarkDetector.MatchedFilter(tile)),
            ("  pilot search, 8 symmetries", () =>
            {
                var list = new List<WatermarkDetector.Placement>();
                for (var s = 0; s < 8; s++) WatermarkDetector.Search(WatermarkDetector.Dihedral(filtered, s), pilot, Lattice.Identity, s, list);
            }),
            ("  lattice estimate", () => LatticeEstimator.Estimate(residual, w, h, 4)),
        };
        Console.WriteLine($"profile: {Path.GetFileName(path)} {w}×{h}, {repeat} runs each after one warm-up, one thread; median ms and CPU ms per run");
        foreach (var (name, run) in sections)
        {
            run();
            var times = new double[repeat];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var r = 0; r < repeat; r++)
            {
                var clock = Stopwatch.StartNew();
                run();
                times[r] = clock.Elapsed.TotalMilliseconds;
            }
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / repeat;
            Array.Sort(times);
            Console.WriteLine($"  {name,-38} {times[repeat / 2],8:F2} ms   cpu {cpuMs,7:F2} ms");
        }
        return 0;
    }

    /// <summary>
    /// `watermark-rotation --diagnose PHOTO KEY ANGLE`: the lattices stage 2 estimates for one case, each with its best pilot score,
    /// beside the exact turned lattice's (both turning directions).
    /// </summary>
    private static int Diagnose(string[] args)
    {
        var (key, payload) = BenchKey(15, int.Parse(args[1], CultureInfo.InvariantCulture));
        var degrees = double.Parse(args[2], CultureInfo.InvariantCulture);
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(ImageCodec.Load(args[0]), key, payload));
        var turned = Transforms.Clamp8(Transforms.Rotate(marked, degrees, expand: false, fill: 0));
        var layout = new TileLayout(key);
        var pilot = WatermarkDetector.Spectrum(layout.PilotGrid);
        int w = turned.Width, h = turned.Height;
        var residual = PlaneOps.Residual(ColorSpace.Luma(turned), w, h);
        double Z(Lattice l)
        {
            var list = new List<WatermarkDetector.Placement>();
            WatermarkDetector.SearchLattice(residual, w, h, l, pilot, list);
            return list.Max(p => p.Z);
        }
        string Show(Lattice l) { var d = l.Describe(); return $"{d.PeriodA,7:F2} {d.PeriodB,7:F2} {d.RotationDegrees,7:F2}° det {l.Determinant,8:F0}"; }
        foreach (var sign in new[] { 1, -1 })
        {
            var (sin, cos) = Math.SinCos(sign * degrees * Math.PI / 180);
            var exact = new Lattice(128 * cos, 128 * sin, -128 * sin, 128 * cos);
            Console.WriteLine($"exact {sign,2}:  {Show(exact)}  z {Z(exact),5:F1}");
        }
        foreach (var estimate in LatticeEstimator.Estimate(residual, w, h, 4))
            Console.WriteLine($"estimate: {Show(estimate)}  z {Z(estimate),5:F1}");
        return 0;
    }

    private readonly record struct Result(bool Found, int Bits, double Score, double PValue, double Rotation);

    /// <summary>Key k of the bench and its payload: SHA-256 of a label with the seed, so every run marks the same way.</summary>
    internal static (WatermarkKey Key, WatermarkPayload Payload) BenchKey(int seed, int k)
    {
        var secret = SHA256.HashData(Encoding.ASCII.GetBytes($"candor watermark rotation bench key {seed}/{k}"));
        var payload = SHA256.HashData(Encoding.ASCII.GetBytes($"candor watermark rotation bench payload {seed}/{k}"));
        return (new WatermarkKey(secret), new WatermarkPayload(payload.AsSpan(0, 8)));
    }

    /// <summary>The photo itself, or centre-cropped to the aspect of <paramref name="size"/> and resized to it.</summary>
    private static FloatImage Prepare(FloatImage image, (int W, int H)? size)
    {
        if (size is not { } s) return image;
        var aspect = (double)s.W / s.H;
        int w = image.Width, h = image.Height;
        if ((double)w / h > aspect) w = (int)Math.Round(h * aspect);
        else h = (int)Math.Round(w / aspect);
        var cropped = Transforms.Crop(image, (image.Width - w) / 2, (image.Height - h) / 2, w, h);
        return Transforms.Clamp8(Transforms.Resize(cropped, s.W, s.H));
    }
}
