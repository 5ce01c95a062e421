using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Candor.Imaging;
using Candor.Watermark;

using static Candor.Bench.BenchClock;

namespace Candor.Bench;

/// <summary>
/// `watermark-speed [--repeat N] [--mp A,B,...] [--threads T] PHOTO`: the watermark's speed targets side by side in one run.
/// On the photo itself (768×512 for the corpus), on one thread: embed, detect of the marked copy (unmoved: stage 1 only),
/// of the unmarked photo and of the marked copy turned 5° (both run stage 2), as median wall and thread-CPU milliseconds.
/// Then the photo resized (Lanczos) to each size in megapixels (default 12), embed and detect on one thread and on T threads
/// (default every core), alternating, as median wall and process-CPU milliseconds and the wall-time speed-up.
/// <para>
/// `watermark-speed --profile [--repeat N] PHOTO`: the detector's CPU milliseconds by step on one thread
/// (<see cref="SectionClock"/> laps inside <see cref="WatermarkDetector"/>, thread CPU clock) for the three cases above and
/// for the photo resized to 12 MP, marked and not.
/// </para>
/// <para>
/// `watermark-speed --digest PHOTO...`: what the embedder and detector compute, printed exactly (round-trip floats, SHA-256 of
/// the marked pixels), for several keys, moves and sizes, on one thread and on every core: two builds whose digests are
/// equal mark and detect alike, so a change of speed can be checked not to change a result.
/// </para>
/// </summary>
internal static class WatermarkDetectTiming
{
    public static int Run(string[] args)
    {
        var repeat = 9;
        var threads = Environment.ProcessorCount;
        string mode = "speed";
        var sizes = new List<double>();
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat") repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--threads") threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--mp") sizes.AddRange(args[++i].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)));
            else if (args[i] is "--profile" or "--digest") mode = args[i][2..];
            else files.Add(args[i]);
        }
        if (files.Count == 0 || repeat < 1)
        {
            Console.Error.WriteLine("usage: watermark-speed [--repeat N] [--mp A,B,...] [--threads T] PHOTO | --profile [--repeat N] PHOTO | --digest PHOTO...");
            return 2;
        }
        if (sizes.Count == 0) sizes.Add(12);
        return mode switch
        {
            "profile" => Profile(files[0], repeat),
            "digest" => Digest(files),
            _ => Speed(files[0], sizes, repeat, threads),
        };
    }

    private static readonly WatermarkOptions OneThread = WatermarkOptions.Default with { MaxDegreeOfParallelism = 1 };
    private static readonly WatermarkDetectOptions DetectOneThread = WatermarkDetectOptions.Default with { MaxDegreeOfParallelism = 1 };

    private static int Speed(string path, List<double> sizes, int repeat, int threads)
    {
        var (key, payload) = WatermarkRotation.BenchKey(15, 0);
        var photo = ImageCodec.Load(path);
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, key, payload));
        var turned = Transforms.Clamp8(Transforms.Rotate(marked, 5, expand: false, fill: 0));
        Console.WriteLine($"{Environment.ProcessorCount} cores, load {Load()}; {repeat} runs each after {SmallWarmUps} warm-ups (2 at 12 MP); medians");
        Console.WriteLine($"{Path.GetFileName(path)} {photo.Width}×{photo.Height}, one thread:            wall ms   thread cpu ms");
        var cases = new (string Name, Action Run)[]
        {
            ("embed", () => WatermarkEmbedder.Embed(photo, key, payload, OneThread)),
            ("detect, marked, unmoved", () => WatermarkDetector.Detect(marked, key, DetectOneThread)),
            ("detect, unmarked", () => WatermarkDetector.Detect(photo, key, DetectOneThread)),
            ("detect, marked, turned 5°", () => WatermarkDetector.Detect(turned, key, DetectOneThread)),
        };
        foreach (var (name, run) in cases)
        {
            WarmUp(run, SmallWarmUps);
            List<double> wall = [], cpu = [];
            for (var r = 0; r < repeat; r++)
            {
                var (w, c) = Timed(run, ThreadCpu);
                wall.Add(w);
                cpu.Add(c);
            }
            Console.WriteLine(F($"  {name,-34} {Median(wall),8:0.0}   {Median(cpu),8:0.0}"));
        }

        foreach (var mp in sizes)
        {
            var big = Resized(photo, mp);
            var bigMarked = Transforms.Clamp8(WatermarkEmbedder.Embed(big, key, payload));
            Console.WriteLine(F($"{Path.GetFileName(path)}@{mp}MP {big.Width}×{big.Height}, 1 thread vs {threads} (process cpu):"));
            var many = WatermarkOptions.Default with { MaxDegreeOfParallelism = threads };
            var detectMany = WatermarkDetectOptions.Default with { MaxDegreeOfParallelism = threads };
            var pairs = new (string Name, Action One, Action Many)[]
            {
                ("embed", () => WatermarkEmbedder.Embed(big, key, payload, OneThread), () => WatermarkEmbedder.Embed(big, key, payload, many)),
                ("detect, marked", () => WatermarkDetector.Detect(bigMarked, key, DetectOneThread), () => WatermarkDetector.Detect(bigMarked, key, detectMany)),
            };
            foreach (var (name, one, all) in pairs)
            {
                WarmUp(one, 2);
                WarmUp(all, 2);
                List<double> wall1 = [], cpu1 = [], wallN = [], cpuN = [];
                for (var r = 0; r < repeat; r++)
                {
                    var (w, c) = Timed(one, ProcessCpu);
                    wall1.Add(w);
                    cpu1.Add(c);
                    (w, c) = Timed(all, ProcessCpu);
                    wallN.Add(w);
                    cpuN.Add(c);
                }
                Console.WriteLine(F($"  {name,-16} 1 thread {Median(wall1),7:0.0} ms wall / {Median(cpu1),7:0.0} ms cpu; {threads} threads {Median(wallN),7:0.0} ms wall / {Median(cpuN),7:0.0} ms cpu; speed-up {Median(wall1) / Median(wallN):0.00}×"));
            }
        }
        return 0;
    }

    private static int Profile(string path, int repeat)
    {
        var (key, payload) = WatermarkRotation.BenchKey(15, 0);
        var photo = ImageCodec.Load(path);
        var marked = Transforms.Clamp8(WatermarkEmbedder.Embed(photo, key, payload));
        var turned = Transforms.Clamp8(Transforms.Rotate(marked, 5, expand: false, fill: 0));
        Console.WriteLine($"profile: {Path.GetFileName(path)} {photo.Width}×{photo.Height}, load {Load()}, {repeat} runs each after {SmallWarmUps} warm-ups (2 at 12 MP), one thread; median thread-CPU ms by step");
        var big = Resized(photo, 12);
        var bigMarked = Transforms.Clamp8(WatermarkEmbedder.Embed(big, key, payload));
        foreach (var (name, image) in new[] { ("marked, unmoved", marked), ("unmarked", photo), ("marked, turned 5°", turned), ($"12 MP {big.Width}×{big.Height} marked", bigMarked), ("12 MP unmarked", big) })
        {
            WarmUp(() => WatermarkDetector.Detect(image, key, DetectOneThread, null), image.PixelCount < 1 << 20 ? SmallWarmUps : 2);
            var clocks = new List<SectionClock>();
            for (var r = 0; r < repeat; r++)
            {
                var clock = new SectionClock(ThreadCpu);
                WatermarkDetector.Detect(image, key, DetectOneThread, clock);
                clock.Lap("rest");
                clocks.Add(clock);
            }
            var total = Median(clocks.Select(c => c.Sections.Sum(s => s.Ms)));
            var steps = string.Join(", ", clocks[0].Sections.Select(s =>
                F($"{s.Name} {Median(clocks.Select(c => c.Sections.FirstOrDefault(x => x.Name == s.Name).Ms)):0.00}")));
            Console.WriteLine(F($"  {name}: {total:0.0} ms — {steps}"));
        }
        return 0;
    }

    private static int Digest(List<string> paths)
    {
        var every = WatermarkDetectOptions.Default with { MaxDegreeOfParallelism = 0 };
        foreach (var path in paths)
        {
            var photo = ImageCodec.Load(path);
            var name = Path.GetFileNameWithoutExtension(path);
            for (var k = 0; k < 3; k++)
            {
                var (key, payload) = WatermarkRotation.BenchKey(15, k);
                var markedRaw = WatermarkEmbedder.Embed(photo, key, payload, OneThread);
                Console.WriteLine($"{name} key {k} embed: {Hash(markedRaw)}");
                var marked = Transforms.Clamp8(markedRaw);
                var cases = new List<(string Case, FloatImage Image)>
                {
                    ("marked", marked),
                    ("unmarked", photo),
                    ("turned 0.5°", Transforms.Clamp8(Transforms.Rotate(marked, 0.5, expand: false, fill: 0))),
                    ("turned 5°", Transforms.Clamp8(Transforms.Rotate(marked, 5, expand: false, fill: 0))),
                    ("turned -12°", Transforms.Clamp8(Transforms.Rotate(marked, -12, expand: false, fill: 0))),
                    ("scaled 0.7", Transforms.Clamp8(Transforms.Resize(marked, (int)(marked.Width * 0.7), (int)(marked.Height * 0.7)))),
                    ("flipped", Transforms.FlipHorizontal(marked)),
                    ("cropped", Transforms.Crop(marked, 37, 21, marked.Width / 2, marked.Height / 2)),
                };
                foreach (var (label, image) in cases) Console.WriteLine($"  {label}: {Describe(WatermarkDetector.Detect(image, key, DetectOneThread))}");
            }
            var (bigKey, bigPayload) = WatermarkRotation.BenchKey(15, 0);
            foreach (var mp in new[] { 1.5, 12 })
            {
                var big = Resized(photo, mp);
                var one = WatermarkEmbedder.Embed(big, bigKey, bigPayload, OneThread);
                var many = WatermarkEmbedder.Embed(big, bigKey, bigPayload, WatermarkOptions.Default);
                Console.WriteLine($"{name}@{mp}MP {big.Width}×{big.Height} embed: 1 thread {Hash(one)}, every core {Hash(many)}");
                var marked = Transforms.Clamp8(one);
                foreach (var (label, image) in new[] { ("marked", marked), ("unmarked", big), ("turned 3°", Transforms.Clamp8(Transforms.Rotate(marked, 3, expand: false, fill: 0))) })
                {
                    var a = Describe(WatermarkDetector.Detect(image, bigKey, DetectOneThread));
                    var b = Describe(WatermarkDetector.Detect(image, bigKey, every));
                    Console.WriteLine($"  {label}: {a}{(a == b ? " (every core: same)" : $"\n  {label}, every core: {b}")}");
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// Runs before timing on the photo itself: enough calls for tiered compilation to have replaced the first, unoptimised
    /// code of every method on the path (30 calls and a moment for the background compiler), which a single warm-up is not.
    /// </summary>
    private const int SmallWarmUps = 40;

    private static void WarmUp(Action run, int times)
    {
        for (var i = 0; i < times; i++) run();
        Thread.Sleep(200);
    }

    private static string Describe(WatermarkDetection d) => F(
        $"found {d.Found} p {d.PValue:R} pilot {d.PilotScore:R} pilotP {d.PilotPValue:R} payload {d.Payload?.ToString() ?? "-"} guess {d.BestGuess?.ToString() ?? "-"} period {d.Period?.A:R}/{d.Period?.B:R} rotation {d.RotationDegrees:R} mirrored {d.Mirrored} hypotheses {d.Hypotheses}");

    private static string Hash(FloatImage image)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var plane in image.Planes) sha.AppendData(MemoryMarshal.AsBytes(plane.AsSpan()));
        return Convert.ToHexString(sha.GetHashAndReset())[..16];
    }

    private static FloatImage Resized(FloatImage photo, double mp)
    {
        var aspect = photo.Width / (double)photo.Height;
        var w = (int)Math.Round(Math.Sqrt(mp * 1e6 * aspect));
        var h = (int)Math.Round(w / aspect);
        return Transforms.Clamp8(Transforms.Resize(photo, w, h));
    }
}
