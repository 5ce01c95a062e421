using Candor.Watermark;

namespace Candor.Tests.Watermark;

public class WatermarkBenchTests
{
    [SkippableFact]
    public void Bench_measures_each_image_and_attack_and_lists_unreadable_files()
    {
        var photo = Corpus.Path("photos/kodim23.png");
        var dir = Directory.CreateTempSubdirectory("candor-wm-bench-");
        try
        {
            var broken = Path.Combine(dir.FullName, "broken.png");
            File.WriteAllText(broken, "not an image");
            var key = WatermarkKey.Generate();
            var payload = WatermarkPayload.FromText("bench");
            var attacks = WatermarkAttacks.Standard.Where(a => a.Name is "none" or "jpeg-q70" or "flip").ToList();
            var messages = new List<string>();
            var report = WatermarkBench.Run([photo, broken], key, payload, null, null, attacks, [0.4, 1], new SynchronousProgress(messages));

            var image = Assert.Single(report.Images);
            Assert.Equal((768, 512), (image.Width, image.Height));
            Assert.InRange(image.Psnr, 35, 60);
            Assert.InRange(image.Ssim, 0.9, 1.0);
            Assert.True(image.EmbedMs > 0 && image.DetectMs > 0);
            Assert.Contains(broken, Assert.Single(report.Skipped));

            Assert.Equal(["none", "jpeg-q70", "flip"], report.Attacks.Select(a => a.Name));
            var none = report.Attacks[0];
            Assert.Equal(1, none.Images);
            Assert.Equal(1.0, none.MeanBitAccuracy);
            Assert.Equal(1.0, none.ExactRate);
            Assert.Equal(1.0, none.DetectionRate);
            Assert.True(none.Met);
            Assert.All(report.Attacks, a => Assert.InRange(a.MeanBitAccuracy, 0, 1));

            Assert.Equal([0.4, 1], report.Speed.Select(s => s.Megapixels));
            Assert.All(report.Speed, s => Assert.InRange(s.Width * (double)s.Height / 1e6, s.Megapixels * 0.95, s.Megapixels * 1.05 + 0.02));
            Assert.Equal(key.Id, report.KeyId);
            Assert.Contains(messages, m => m.Contains("jpeg-q70", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private sealed class SynchronousProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value) => messages.Add(value);
    }
}
