using System.Diagnostics;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Jpeg;

namespace Candor.Bench;

/// <summary>
/// `pdq [--seconds S] [CORPUS_DIR]`: PDQ speed on one thread by image size — hash only (pixels already decoded, as the
/// reference's "hash seconds") and end to end (JPEG bytes in memory → decode → the reference's 512 × 512
/// nearest-neighbour rule → hash) — for generated images and for the corpus's JPEGs and PNGs, then images per second on
/// all cores. Meta's C++ figures are printed beside ours, marked as quoted: the reference cannot be built here.
/// </summary>
internal static class PdqBench
{
    // Quoted, not measured by this program: Meta's C++ reference (CImg + libjpeg, -O3), one thread, as measured on
    // this machine for the PDQ issue. Only these two figures exist.
    private const string QuotedHash512 = "171–179";
    private const string QuotedEndToEnd = "118";

    public static int Run(string[] args)
    {
        var seconds = 1.0;
        string? corpus = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else corpus = args[i];
        }
        Console.WriteLine($"PDQ, one thread unless stated; {Environment.ProcessorCount} cores; AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}; each figure is the median of 5 runs of ≥ {seconds / 5:0.##} s");
        Console.WriteLine();
        Console.WriteLine("| input | size | hash only ms | CPU ms | hashes/s | end to end ms | CPU ms | images/s | Meta C++ (quoted) hashes/s | Meta C++ (quoted) images/s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (w, h) in new[] { (64, 64), (256, 256), (512, 512), (1024, 1024), (4032, 3024) })
        {
            var image = Generated(w, h);
            var jpeg = JpegCodec.Encode(image, 90);
            var hashOnly = Time(() => PdqHasher.Hash(image), seconds);
            var endToEnd = Time(() => PdqHasher.HashEncoded(jpeg), seconds);
            var quoted = (w, h) == (512, 512);
            Row($"generated, JPEG q90", $"{w}×{h}", hashOnly, endToEnd, quoted ? QuotedHash512 : "—", quoted ? QuotedEndToEnd : "—");
        }
        if (corpus is not null)
        {
            foreach (var group in CorpusFiles(corpus).GroupBy(f => Path.GetRelativePath(corpus, Path.GetDirectoryName(f)!)))
            {
                var files = group.Select(f => (Path: f, Bytes: File.ReadAllBytes(f))).ToList();
                var decoded = files.Select(f => ImageCodec.Decode(f.Bytes, applyOrientation: false)).ToList();
                var sizes = decoded.Select(d => $"{d.Width}×{d.Height}").Distinct().ToList();
                var hashOnly = Time(() => { foreach (var d in decoded) PdqHasher.Hash(d); }, seconds) / files.Count;
                var endToEnd = Time(() => { foreach (var f in files) PdqHasher.HashEncoded(f.Bytes); }, seconds) / files.Count;
                Row($"corpus {group.Key}/ ({files.Count} files, {string.Join(", ", files.Select(f => Path.GetExtension(f.Path)).Distinct())})",
                    sizes.Count == 1 ? sizes[0] : $"{sizes.Count} sizes", hashOnly, endToEnd, "—", "—");
            }
            Console.WriteLine();
            var all = CorpusFiles(corpus).Select(File.ReadAllBytes).ToList();
            var batch = Enumerable.Range(0, 8).SelectMany(_ => all).ToList();
            var one = Time(() => { foreach (var b in batch) PdqHasher.HashEncoded(b); }, seconds) / batch.Count;
            var parallel = Time(() => Parallel.ForEach(batch, b => PdqHasher.HashEncoded(b)), seconds) / batch.Count;
            Console.WriteLine($"corpus pdq/ end to end, {all.Count} files × 8: one thread {1000 / one.Wall:0} images/s, all {Environment.ProcessorCount} cores {1000 / parallel.Wall:0} images/s");
            var photos512 = Enumerable.Range(0, 16).Select(i => JpegCodec.Encode(Generated(512, 512, seed: i), 90)).ToList();
            var one512 = Time(() => { foreach (var b in photos512) PdqHasher.HashEncoded(b); }, seconds) / photos512.Count;
            var all512 = Time(() => Parallel.ForEach(photos512, b => PdqHasher.HashEncoded(b)), seconds) / photos512.Count;
            Console.WriteLine($"512×512 JPEGs end to end, 16 generated: one thread {1000 / one512.Wall:0} images/s, all {Environment.ProcessorCount} cores {1000 / all512.Wall:0} images/s");
        }
        Console.WriteLine();
        Console.WriteLine("ms: wall clock per image (median of 5 runs); CPU ms: this process's CPU time per image (excludes waiting for a core on a shared machine).");
        Console.WriteLine("hash only: PdqHasher.Hash(FloatImage) on decoded pixels as given, like the reference's \"hash seconds\" (from CImg's pixels); above 512 px it filters the whole image, where the file pipeline (end to end) shrinks it to 512×512 first.");
        Console.WriteLine("end to end: from the encoded bytes in memory (decode with libturbojpeg/managed PNG, 512×512 nearest-neighbour rule, luma, hash).");
        Console.WriteLine("Meta C++ (quoted): figures measured for the PDQ issue on this machine, not by this program; the reference is not built here.");
        return 0;
    }

    private static IEnumerable<string> CorpusFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png")
            .Order(StringComparer.Ordinal);

    private static void Row(string input, string size, Timing hash, Timing end, string quotedHash, string quotedEnd) =>
        Console.WriteLine($"| {input} | {size} | {hash.Wall:0.000} | {hash.Cpu:0.000} | {1000 / hash.Wall:0} | {end.Wall:0.000} | {end.Cpu:0.000} | {1000 / end.Wall:0} | {quotedHash} | {quotedEnd} |");

    /// <summary>
    /// Milliseconds per call, wall clock and CPU time of this process: the medians of five runs, each repeating the
    /// call for at least a fifth of <paramref name="seconds"/>. On a shared machine the wall figure includes waiting
    /// for a core; the CPU figure does not.
    /// </summary>
    private static Timing Time(Action action, double seconds)
    {
        for (var i = 0; i < 3; i++) action();
        var wall = new double[5];
        var cpu = new double[5];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < wall.Length; r++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var n = 0;
            do
            {
                action();
                n++;
            } while (watch.Elapsed.TotalSeconds < seconds / wall.Length);
            wall[r] = watch.Elapsed.TotalMilliseconds / n;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / n;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return new Timing(wall[2], cpu[2]);
    }

    private readonly record struct Timing(double Wall, double Cpu)
    {
        public static Timing operator /(Timing t, int n) => new(t.Wall / n, t.Cpu / n);
    }

    /// <summary>A deterministic photo-like test image: smooth gradients and waves plus texture noise, whole 8-bit values.</summary>
    internal static FloatImage Generated(int width, int height, int seed = 7)
    {
        var image = new FloatImage(width, height, 3);
        var rng = new Random(seed);
        var phases = Enumerable.Range(0, 9).Select(_ => rng.NextDouble() * Math.PI * 2).ToArray();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double u = (double)x / width, v = (double)y / height;
                for (var c = 0; c < 3; c++)
                {
                    var value = 128 + 60 * Math.Sin(6 * u + 3 * v + phases[c]) + 40 * Math.Cos(11 * v - 4 * u + phases[3 + c])
                        + 20 * Math.Sin(37 * u * v + phases[6 + c]) + rng.Next(-12, 13);
                    image.Planes[c][y * width + x] = (float)Math.Round(Math.Clamp(value, 0, 255));
                }
            }
        }
        return image;
    }
}
