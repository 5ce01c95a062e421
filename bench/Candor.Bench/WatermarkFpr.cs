using System.Diagnostics;
using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Bench;

/// <summary>
/// `watermark-fpr N [--seed S] [--threads T] CORPUS_DIR...`: the empirical false-positive check of the watermark
/// detector. Makes a pool of up to 2,000 variants of the images under the given folders — each a random scale
/// (0.3–1.3×, at most 1.5 MP) and re-encode (none, JPEG q40–95, WebP q50–90) — then N inputs, each a fresh random
/// crop (30–100% of each side) of a random variant, and runs the detector on each with a fresh random key.
/// Prints how many were declared found at the default threshold (1e-6), how many decoded payloads passed the
/// 32-bit check by chance, and how often the pilot-only p-value fell under looser levels (its calibration).
/// </summary>
internal static class WatermarkFpr
{
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], out var count)) { Console.Error.WriteLine("usage: watermark-fpr N [--seed S] [--threads T] DIR..."); return 2; }
        var seed = 1;
        var threads = Environment.ProcessorCount;
        var dirs = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--seed") seed = int.Parse(args[++i]);
            else if (args[i] == "--threads") threads = int.Parse(args[++i]);
            else dirs.Add(args[i]);
        }
        var sources = new List<FloatImage>();
        var names = new List<string>();
        foreach (var file in dirs.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
        {
            var ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext is not (".png" or ".jpg" or ".jpeg" or ".webp")) continue;
            try
            {
                var image = ImageCodec.Load(file);
                if (image.Width < 160 || image.Height < 160) continue;
                if (image.Width * (long)image.Height > 4_000_000)
                {
                    var s = Math.Sqrt(4_000_000.0 / (image.Width * (long)image.Height));
                    image = Transforms.Resize(image, (int)(image.Width * s), (int)(image.Height * s));
                }
                sources.Add(image);
                names.Add(file);
            }
            catch (Exception e) when (e is CandorFormatException or NotSupportedException or InvalidOperationException)
            {
                // not every corpus file has pixels this build decodes; they are not needed here
            }
        }
        // A pool of scaled and re-encoded variants (re-encoding is the slow part); every input is then a random
        // crop of a random pool member, examined under its own fresh random key.
        var poolSize = Math.Min(count, 2000);
        var pool = new FloatImage[poolSize];
        Parallel.For(0, poolSize, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var rng = new Random(HashCode.Combine(seed, -1 - i));
            pool[i] = Variant(sources[rng.Next(sources.Count)], rng);
        });
        Console.WriteLine($"sources: {sources.Count} images from {string.Join(", ", dirs)}; {poolSize} scaled/re-encoded variants; inputs: {count}; threads: {threads}; seed: {seed}");
        long found = 0, verified = 0, p2 = 0, p3 = 0, p4 = 0, done = 0;
        double minP = 1;
        var lockObj = new object();
        var clock = Stopwatch.StartNew();
        double detectMs = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var rng = new Random(HashCode.Combine(seed, i));
            var variant = pool[rng.Next(poolSize)];
            var input = Crop(variant, rng);
            var keyBytes = new byte[32];
            rng.NextBytes(keyBytes);
            var timer = Stopwatch.StartNew();
            var result = WatermarkDetector.Detect(input, new WatermarkKey(keyBytes));
            var ms = timer.Elapsed.TotalMilliseconds;
            var pilot = result.PilotPValue;
            lock (lockObj)
            {
                detectMs += ms;
                if (result.Found) { found++; Console.WriteLine($"FALSE POSITIVE input {i}: p={result.PValue:g3} payload={result.Payload} size={input.Width}x{input.Height}"); }
                if (result.Payload is not null) verified++;
                if (pilot <= 1e-2) p2++;
                if (pilot <= 1e-3) p3++;
                if (pilot <= 1e-4) p4++;
                minP = Math.Min(minP, result.PValue);
                if (++done % 10000 == 0) Console.WriteLine($"  {done} done, {found} found, {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
        Console.WriteLine($"inputs {count}: declared found (p <= 1e-6) {found}; payload check passed by chance {verified}; smallest p-value {minP:g3}");
        Console.WriteLine($"pilot-only p-value calibration: <= 1e-2: {p2} (expected at most {count * 1e-2:F0}), <= 1e-3: {p3} (<= {count * 1e-3:F0}), <= 1e-4: {p4} (<= {count * 1e-4:F1})");
        Console.WriteLine($"mean detect {detectMs / count:F1} ms per input; wall {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>A random crop keeping 30–100% of each side (at least 128 pixels).</summary>
    private static FloatImage Crop(FloatImage source, Random rng)
    {
        int w = Math.Min(source.Width, Math.Max(128, (int)(source.Width * (0.3 + 0.7 * rng.NextDouble()))));
        int h = Math.Min(source.Height, Math.Max(128, (int)(source.Height * (0.3 + 0.7 * rng.NextDouble()))));
        return Transforms.Crop(source, rng.Next(source.Width - w + 1), rng.Next(source.Height - h + 1), w, h);
    }

    /// <summary>A random scale (0.3–1.3×, at most 1.5 MP) and re-encode (none, JPEG q40–95, WebP q50–90) of a source.</summary>
    private static FloatImage Variant(FloatImage source, Random rng)
    {
        var scale = 0.3 + 1.0 * rng.NextDouble();
        int sw = Math.Max(160, (int)(source.Width * scale)), sh = Math.Max(160, (int)(source.Height * scale));
        if (sw * (long)sh > 1_500_000) { var k = Math.Sqrt(1_500_000.0 / (sw * (long)sh)); sw = (int)(sw * k); sh = (int)(sh * k); }
        var image = Transforms.Resize(source, sw, sh);
        return rng.Next(3) switch
        {
            0 => Transforms.Clamp8(image),
            1 => Transforms.JpegRoundTrip(image, 40 + rng.Next(56)),
            _ => Transforms.WebpRoundTrip(image, 50 + rng.Next(41)),
        };
    }
}
