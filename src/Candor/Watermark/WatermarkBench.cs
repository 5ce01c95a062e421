using System.Diagnostics;
using System.Numerics;
using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// Measures the watermark on a set of images: how visible it is (PSNR, SSIM), how long embedding and
/// detection take, and how it survives every attack of <see cref="WatermarkAttacks.Standard"/>. One
/// thread throughout, so the times are comparable between machines with different core counts; the
/// speed table adds embedding on every core beside it.
/// </summary>
public static class WatermarkBench
{
    /// <summary>Image sizes of the speed table, in megapixels.</summary>
    public static IReadOnlyList<double> SpeedSizes { get; } = [0.4, 1, 3, 6, 12];

    /// <summary>
    /// Marks every image with <paramref name="payload"/> under <paramref name="key"/>, measures it, runs every
    /// attack on it and detects. Unreadable images are listed in <see cref="WatermarkBenchReport.Skipped"/>.
    /// </summary>
    public static WatermarkBenchReport Run(
        IEnumerable<string> imagePaths, WatermarkKey key, WatermarkPayload payload, WatermarkOptions? options = null, IProgress<string>? progress = null) =>
        Run(imagePaths, key, payload, options, null, WatermarkAttacks.Standard, SpeedSizes, progress);

    /// <summary>
    /// As <see cref="Run(IEnumerable{string}, WatermarkKey, WatermarkPayload, WatermarkOptions?, IProgress{string}?)"/>, with detector
    /// settings, a chosen attack list and the sizes of the speed table (megapixels; empty for none).
    /// </summary>
    public static WatermarkBenchReport Run(
        IEnumerable<string> imagePaths, WatermarkKey key, WatermarkPayload payload, WatermarkOptions? options, WatermarkDetectOptions? detectOptions,
        IReadOnlyList<WatermarkAttack> attacks, IReadOnlyList<double> speedSizes, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(attacks);
        ArgumentNullException.ThrowIfNull(speedSizes);
        options ??= WatermarkOptions.Default;
        var allCores = options;
        options = options with { MaxDegreeOfParallelism = 1 };
        detectOptions = (detectOptions ?? WatermarkDetectOptions.Default) with { MaxDegreeOfParallelism = 1 };
        var images = new List<WatermarkBenchImage>();
        var skipped = new List<string>();
        var tallies = attacks.Select(_ => new Tally()).ToArray();
        FloatImage? first = null;
        foreach (var path in imagePaths)
        {
            FloatImage original;
            try
            {
                original = Transforms.PngRoundTrip(ImageCodec.Load(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CandorFormatException or NotSupportedException or InvalidOperationException)
            {
                skipped.Add($"{path}: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
                continue;
            }
            if (original.Width < 128 || original.Height < 128)
            {
                skipped.Add($"{path}: {original.Width}×{original.Height} is smaller than the watermark's 128×128 minimum");
                continue;
            }
            first ??= original;
            progress?.Report($"{Path.GetFileName(path)}: embedding");
            var (marked, embedMs, detectMs) = Timed(original);
            images.Add(new WatermarkBenchImage(path, original.Width, original.Height,
                ImageMetrics.Psnr(marked, original), ImageMetrics.Ssim(marked, original), embedMs, detectMs));

            for (var a = 0; a < attacks.Count; a++)
            {
                progress?.Report($"{Path.GetFileName(path)}: {attacks[a].Name}");
                FloatImage attacked;
                try
                {
                    attacked = Transforms.PngRoundTrip(attacks[a].Apply(marked));
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException or ArgumentException)
                {
                    tallies[a].Failures.Add($"{path}: {e.Message}");
                    continue;
                }
                tallies[a].Add(payload, WatermarkDetector.Detect(attacked, key, detectOptions));
            }
        }

        var speed = new List<WatermarkBenchSpeed>();
        if (first is not null)
            foreach (var mp in speedSizes)
            {
                progress?.Report($"speed at {mp} MP");
                var aspect = first.Width / (double)first.Height;
                var w = Math.Max(128, (int)Math.Round(Math.Sqrt(mp * 1e6 * aspect)));
                var h = Math.Max(128, (int)Math.Round(w / aspect));
                var sized = Transforms.PngRoundTrip(Transforms.Resize(first, w, h));
                var (_, embedMs, detectMs) = Timed(sized);
                // One thread and every core, alternating three times each so a changing load on the machine touches both
                // alike; the medians.
                var one = new List<double> { embedMs };
                var all = new List<double>();
                for (var round = 0; round < 3; round++)
                {
                    if (round > 0) one.Add(EmbedMs(sized, key, payload, options));
                    all.Add(EmbedMs(sized, key, payload, allCores));
                }
                speed.Add(new WatermarkBenchSpeed(mp, w, h, Median(one), detectMs, Median(all)));
            }

        return new WatermarkBenchReport
        {
            Cores = PlaneOps.Threads(allCores.MaxDegreeOfParallelism),
            KeyId = key.Id,
            Payload = payload,
            Strength = options.Strength,
            Threshold = detectOptions.Threshold,
            Images = images,
            Skipped = skipped,
            Attacks = [.. attacks.Select((a, i) => tallies[i].Result(a))],
            Speed = speed,
        };

        // Embeds and detects once on one thread; the marked image comes back rounded to 8 bits, as a saved file would.
        (FloatImage Marked, double EmbedMs, double DetectMs) Timed(FloatImage image)
        {
            var clock = Stopwatch.StartNew();
            var marked = WatermarkEmbedder.Embed(image, key, payload, options);
            var embedMs = clock.Elapsed.TotalMilliseconds;
            marked = Transforms.PngRoundTrip(marked);
            clock.Restart();
            WatermarkDetector.Detect(marked, key, detectOptions);
            return (marked, embedMs, clock.Elapsed.TotalMilliseconds);
        }
    }

    private static double EmbedMs(FloatImage image, WatermarkKey key, WatermarkPayload payload, WatermarkOptions options)
    {
        var clock = Stopwatch.StartNew();
        WatermarkEmbedder.Embed(image, key, payload, options);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /// <summary>Share of the 64 bits of <paramref name="guess"/> equal to <paramref name="payload"/>'s; 0.5 when there is no guess.</summary>
    public static double BitAccuracy(WatermarkPayload payload, WatermarkPayload? guess)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return guess is null ? 0.5 : 1 - BitOperations.PopCount(payload.Value ^ guess.Value) / 64.0;
    }

    private sealed class Tally
    {
        private int _count, _exact, _found;
        private double _bits;

        public List<string> Failures { get; } = [];

        public void Add(WatermarkPayload payload, WatermarkDetection detection)
        {
            _count++;
            _bits += BitAccuracy(payload, detection.BestGuess);
            if (detection.Payload == payload) _exact++;
            if (detection.Found) _found++;
        }

        public WatermarkBenchAttackResult Result(WatermarkAttack attack) => new(
            attack.Name, attack.Group, attack.Description, _count,
            _count == 0 ? double.NaN : _bits / _count,
            _count == 0 ? double.NaN : _exact / (double)_count,
            _count == 0 ? double.NaN : _found / (double)_count,
            attack.Target, Failures);
    }
}
