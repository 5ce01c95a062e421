using System.Diagnostics;
using Candor.Imaging;
using NetVips;

namespace Candor.Bench;

/// <summary>
/// `netvips [--seconds S] PHOTO`: Candor's own transforms (Transforms.Resize Lanczos3 to half size, GaussianBlur σ 2,
/// Rotate 15° with the canvas expanded) against the same operations in libvips 8.18 through NetVips 3.2 (resize with
/// kernel lanczos3 and gap 0, gaussblur with min_ampl e^−4.5 so its kernel has the same ⌈3σ⌉ radius, rotate with the
/// bilinear interpolator), on PHOTO and on PHOTO enlarged to 12 MP. Per operation: milliseconds (median; wall and CPU)
/// for ours on one thread, libvips on float pixels on one thread and on every core, libvips on 8-bit pixels on one
/// thread, and the conversion between Candor's planar floats and libvips' interleaved memory image; then how far
/// the float outputs are apart (largest and mean absolute difference on the 0–255 scale, PSNR in dB).
/// </summary>
internal static class NetVipsBench
{
    public static int Run(string[] args)
    {
        var seconds = 2.0;
        string? photo = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else photo = args[i];
        }

        if (photo is null)
        {
            Console.Error.WriteLine("usage: netvips [--seconds S] PHOTO");
            return 2;
        }

        Cache.Max = 0; // every call computes; a cached result would time nothing
        var original = ImageCodec.Load(photo);
        if (original.Channels == 4) original = new FloatImage(original.Width, original.Height, original.Planes[..3]);
        Console.WriteLine($"libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)} (NetVips 3.2.0, NetVips.Native.linux-x64 8.18.7); {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"each figure: median of the runs in ≈ {seconds:0.#} s; ms wall (ms CPU)");
        Console.WriteLine();
        Console.WriteLine("| image | operation | Candor, 1 thread | libvips float, 1 thread | libvips float, all cores | libvips 8-bit, 1 thread | planar ⇄ interleaved copy | ours ÷ libvips float 1 thread | max abs diff | mean abs diff | PSNR dB |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var big = Transforms.Resize(original, 4000, 3000);
        foreach (var (label, image) in new[] { ($"{Path.GetFileName(photo)} {original.Width}×{original.Height}", original), ("the same enlarged to 4000×3000", big) })
        {
            Compare(label, "resize ½, Lanczos3", image, seconds,
                im => Transforms.Resize(im, (int)Math.Round(im.Width / 2.0), (int)Math.Round(im.Height / 2.0), ResizeFilter.Lanczos3),
                v => v.Resize(0.5, Enums.Kernel.Lanczos3, gap: 0));
            Compare(label, "Gaussian blur σ 2", image, seconds,
                im => Transforms.GaussianBlur(im, 2),
                v => v.Gaussblur(2, minAmpl: Math.Exp(-4.5) * 0.999, precision: Enums.Precision.Float));
            Compare(label, "rotate 15°, canvas expanded", image, seconds,
                im => Transforms.Rotate(im, 15, expand: true),
                v => v.Rotate(-15, Interpolate.NewFromName("bilinear"), background: [0]));
        }

        return 0;
    }

    private static void Compare(string label, string operation, FloatImage image, double seconds, Func<FloatImage, FloatImage> ours, Func<NetVips.Image, NetVips.Image> theirs)
    {
        var interleaved = Interleave(image);
        using var vipsFloat = NetVips.Image.NewFromMemory(interleaved, image.Width, image.Height, image.Channels, Enums.BandFormat.Float);
        var bytes = interleaved.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray();
        using var vipsByte = NetVips.Image.NewFromMemory(bytes, image.Width, image.Height, image.Channels, Enums.BandFormat.Uchar);

        var mine = ours(image);
        var timeOurs = Time(() => ours(image), seconds);
        NetVips.NetVips.Concurrency = 1;
        var timeFloat = Time(() => Run(vipsFloat, theirs), seconds);
        var timeByte = Time(() => Run(vipsByte, theirs), seconds);
        NetVips.NetVips.Concurrency = Environment.ProcessorCount;
        var timeFloatAll = Time(() => Run(vipsFloat, theirs), seconds);
        var timeCopy = Time(() => Deinterleave(Interleave(image), image.Width, image.Height, image.Channels), seconds);

        using var result = theirs(vipsFloat);
        var output = Deinterleave(result.WriteToMemory<float>(), result.Width, result.Height, result.Bands);
        var (max, mean, psnr, note) = Difference(mine, output);
        Console.WriteLine($"| {label} | {operation}{note} | {timeOurs} | {timeFloat} | {timeFloatAll} | {timeByte} | {timeCopy} | {timeOurs.Wall / timeFloat.Wall:0.00} | {max:0.###} | {mean:0.####} | {psnr:0.0} |");
    }

    private static Array Run(NetVips.Image input, Func<NetVips.Image, NetVips.Image> operation)
    {
        using var output = operation(input);
        return output.Format == Enums.BandFormat.Uchar ? output.WriteToMemory<byte>() : output.WriteToMemory<float>();
    }

    /// <summary>Differences over the colour planes; when the sizes differ by rounding, over the centred common area (said in the note).</summary>
    private static (double Max, double Mean, double Psnr, string Note) Difference(FloatImage a, FloatImage b)
    {
        int width = Math.Min(a.Width, b.Width), height = Math.Min(a.Height, b.Height);
        var note = a.Width == b.Width && a.Height == b.Height ? "" : $" (ours {a.Width}×{a.Height}, libvips {b.Width}×{b.Height}: centred {width}×{height} compared)";
        int ax = (a.Width - width) / 2, ay = (a.Height - height) / 2, bx = (b.Width - width) / 2, by = (b.Height - height) / 2;
        double max = 0, sum = 0, squares = 0;
        long n = 0;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var d = Math.Abs((double)a.Planes[c][(y + ay) * a.Width + x + ax] - b.Planes[c][(y + by) * b.Width + x + bx]);
                    max = Math.Max(max, d);
                    sum += d;
                    squares += d * d;
                    n++;
                }
        var mse = squares / n;
        return (max, sum / n, mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse), note);
    }

    private static float[] Interleave(FloatImage image)
    {
        var channels = image.Channels;
        var result = new float[image.PixelCount * channels];
        for (var c = 0; c < channels; c++)
        {
            var plane = image.Planes[c];
            for (var i = 0; i < plane.Length; i++) result[i * channels + c] = plane[i];
        }
        return result;
    }

    private static FloatImage Deinterleave(float[] data, int width, int height, int channels)
    {
        var result = new FloatImage(width, height, channels);
        for (var c = 0; c < channels; c++)
        {
            var plane = result.Planes[c];
            for (var i = 0; i < plane.Length; i++) plane[i] = data[i * channels + c];
        }
        return result;
    }

    private readonly record struct Timing(double Wall, double Cpu)
    {
        public override string ToString() => $"{Wall:0.0} ({Cpu:0.0})";
    }

    /// <summary>Median wall and CPU milliseconds of runs of <paramref name="action"/> for about <paramref name="seconds"/> (at least 3 runs).</summary>
    private static Timing Time(Action action, double seconds)
    {
        action();
        var process = Process.GetCurrentProcess();
        var runs = new List<Timing>();
        var total = Stopwatch.StartNew();
        while (runs.Count < 3 || total.Elapsed.TotalSeconds < seconds && runs.Count < 200)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            var wall = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            runs.Add(new Timing(wall, (process.TotalProcessorTime - cpu0).TotalMilliseconds));
        }
        var ordered = runs.OrderBy(r => r.Wall).ToList();
        return ordered[ordered.Count / 2];
    }
}
