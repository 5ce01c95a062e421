using System.Globalization;
using Candor.Imaging;
using Candor.Watermark;

using static Candor.Bench.BenchClock;

namespace Candor.Bench;

/// <summary>
/// `watermark-embed [--repeat N] [--mp A,B,...] [--threads T] FILE...`: where the watermark embedder's time goes. Each FILE
/// (and, with --mp, the first FILE resized to each size in megapixels, Lanczos) is marked N times after one warm-up on
/// one thread, and N times on T threads (default: every core) alternating with those, so a changing load touches both
/// alike. Prints, per image, the median wall and CPU milliseconds of each and the wall-time speed-up, then the median CPU
/// milliseconds of every step on one thread (<see cref="SectionClock"/> laps inside <see cref="WatermarkEmbedder"/>, timed
/// by the thread's own CPU clock, which a busy machine disturbs far less than wall time).
/// <para>
/// `watermark-embed --workflow OUT_DIR FILE...`: the in-process steps of `candor watermark embed` on each FILE, timed
/// separately (decode, embed on every core, encode and write), then <see cref="WatermarkFile.Embed"/> whole without and
/// with measuring the written file: what the command line adds to them is start-up alone.
/// </para>
/// </summary>
internal static class WatermarkEmbedTiming
{
    private static readonly WatermarkKey Key = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray());

    public static int Run(string[] args)
    {
        var repeat = 5;
        var threads = Environment.ProcessorCount;
        string? workflow = null;
        var sizes = new List<double>();
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat") repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--threads") threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--workflow") workflow = args[++i];
            else if (args[i] == "--mp") sizes.AddRange(args[++i].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)));
            else files.Add(args[i]);
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: watermark-embed [--repeat N] [--mp A,B,...] [--threads T] FILE... | watermark-embed --workflow OUT_DIR FILE...");
            return 2;
        }
        return workflow is null ? Steps(files, sizes, repeat, threads) : Workflow(files, workflow, repeat);
    }

    private static int Steps(List<string> files, List<double> sizes, int repeat, int threads)
    {
        var payload = WatermarkPresets.BenchDefault;
        var inputs = new List<(string Name, FloatImage Image)>();
        foreach (var f in files) inputs.Add((Path.GetFileName(f), ImageCodec.Load(f)));
        var first = inputs[0].Image;
        foreach (var mp in sizes)
        {
            var aspect = first.Width / (double)first.Height;
            var w = (int)Math.Round(Math.Sqrt(mp * 1e6 * aspect));
            var h = (int)Math.Round(w / aspect);
            inputs.Add(($"{inputs[0].Name}@{mp}MP", Transforms.Clamp8(Transforms.Resize(first, w, h))));
        }
        var one = WatermarkOptions.Default with { MaxDegreeOfParallelism = 1 };
        var many = WatermarkOptions.Default with { MaxDegreeOfParallelism = threads };
        Console.WriteLine($"{Environment.ProcessorCount} cores, load {Load()}; {repeat} runs each after one warm-up, alternating 1 and {threads} threads; medians");
        foreach (var (name, image) in inputs)
        {
            WatermarkEmbedder.Embed(image, Key, payload, one, null);
            WatermarkEmbedder.Embed(image, Key, payload, many, null);
            var profiles = new List<SectionClock>();
            List<double> wall1 = [], cpu1 = [], wallN = [], cpuN = [];
            for (var r = 0; r < repeat; r++)
            {
                var clock = new SectionClock(ThreadCpu);
                var (w, c) = Timed(() => WatermarkEmbedder.Embed(image, Key, payload, one, clock), ThreadCpu);
                wall1.Add(w);
                cpu1.Add(c);
                profiles.Add(clock);
                (w, c) = Timed(() => WatermarkEmbedder.Embed(image, Key, payload, many, null), ProcessCpu);
                wallN.Add(w);
                cpuN.Add(c);
            }
            var steps = string.Join(", ", profiles[0].Sections.Select(s =>
                F($"{s.Name} {Median(profiles.Select(p => p.Sections.FirstOrDefault(x => x.Name == s.Name).Ms)):0.0}")));
            Console.WriteLine(F($"{name} {image.Width}×{image.Height}: 1 thread {Median(wall1):0.0} ms wall / {Median(cpu1):0.0} ms cpu; {threads} threads {Median(wallN):0.0} ms wall / {Median(cpuN):0.0} ms cpu (process); speed-up {Median(wall1) / Median(wallN):0.00}×"));
            Console.WriteLine($"  one-thread cpu ms by step: {steps}");
        }
        return 0;
    }

    private static int Workflow(List<string> files, string outDir, int repeat)
    {
        Directory.CreateDirectory(outDir);
        var payload = WatermarkPresets.BenchDefault;
        var options = WatermarkOptions.Default;
        Console.WriteLine($"{Environment.ProcessorCount} cores, load {Load()}; {repeat} runs after one warm-up; medians of wall ms (process cpu ms)");
        foreach (var file in files)
        {
            var output = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file) + "-marked.png");
            FloatImage? image = null, marked = null;
            WatermarkFile.Embed(file, output, Key, payload, options, measureWritten: false);
            var steps = new Dictionary<string, (List<double> Wall, List<double> Cpu)>();
            void Add(string step, (double Wall, double Cpu) t)
            {
                if (!steps.TryGetValue(step, out var lists)) steps[step] = lists = ([], []);
                lists.Wall.Add(t.Wall);
                lists.Cpu.Add(t.Cpu);
            }
            for (var r = 0; r < repeat; r++)
            {
                Add("decode", Timed(() => image = ImageCodec.Load(file, maxPixels: WatermarkEmbedder.MaxPixels), ProcessCpu));
                Add("embed", Timed(() => marked = WatermarkEmbedder.Embed(image!, Key, payload, options), ProcessCpu));
                Add("save", Timed(() => ImageCodec.Save(marked!, output), ProcessCpu));
                Add("WatermarkFile.Embed", Timed(() => WatermarkFile.Embed(file, output, Key, payload, options, measureWritten: false), ProcessCpu));
                Add("WatermarkFile.Embed measured", Timed(() => WatermarkFile.Embed(file, output, Key, payload, options, measureWritten: true), ProcessCpu));
            }
            Console.WriteLine(F($"{Path.GetFileName(file)} {image!.Width}×{image.Height}: ") +
                string.Join(", ", steps.Select(s => F($"{s.Key} {Median(s.Value.Wall):0} ({Median(s.Value.Cpu):0})"))));
        }
        return 0;
    }
}
