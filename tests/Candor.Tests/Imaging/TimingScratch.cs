using System.Diagnostics;
using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class TimingScratch
{
    [SkippableFact]
    public void Measure()
    {
        var photo = TestImages.Load(TestImages.Kodim01);
        var lines = new List<string>();
        void Time(string name, Func<FloatImage> f)
        {
            f();
            var runs = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var sw = Stopwatch.StartNew();
                f();
                runs.Add(sw.Elapsed.TotalMilliseconds);
            }
            runs.Sort();
            lines.Add($"{name}: median {runs[5]:F2} ms, min {runs[0]:F2} ms");
        }
        Time("Resize L3 768x512->384x256", () => Transforms.Resize(photo, 384, 256));
        var small = Transforms.Resize(photo, 384, 256);
        Time("Resize L3 384x256->768x512", () => Transforms.Resize(small, 768, 512));
        Time("Resize L3 down+up", () => Transforms.Resize(Transforms.Resize(photo, 384, 256), 768, 512));
        Time("Resize Bilinear down+up", () => Transforms.Resize(Transforms.Resize(photo, 384, 256, ResizeFilter.Bilinear), 768, 512, ResizeFilter.Bilinear));
        Time("GaussianBlur s2", () => Transforms.GaussianBlur(photo, 2));
        Time("Rotate 15", () => Transforms.Rotate(photo, 15));
        Time("Rotate 15 expand", () => Transforms.Rotate(photo, 15, expand: true));
        Time("JpegRoundTrip q70", () => Transforms.JpegRoundTrip(photo, 70));
        Time("WebpRoundTrip q75", () => Transforms.WebpRoundTrip(photo, 75));
        Time("PNG encode", () => { Candor.Imaging.Png.PngEncoder.Encode(photo); return photo; });
        Time("SSIM", () => { ImageMetrics.Ssim(photo, small.Clone() is var _ ? photo : photo); return photo; });
        File.WriteAllLines("/tmp/candor-img-timings.txt", lines);
        Assert.NotEmpty(lines);
    }
}
