namespace Candor.Watermark;

/// <summary>What <see cref="WatermarkBench"/> measured.</summary>
public sealed record WatermarkBenchReport
{
    /// <summary>The key's non-secret identifier.</summary>
    public required string KeyId { get; init; }

    /// <summary>The payload embedded in every image.</summary>
    public required WatermarkPayload Payload { get; init; }

    /// <summary>The embedding strength.</summary>
    public required double Strength { get; init; }

    /// <summary>The detector's false-positive threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>One entry per image that could be read and marked.</summary>
    public required IReadOnlyList<WatermarkBenchImage> Images { get; init; }

    /// <summary>Images that could not be read or marked, as "path: reason".</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>One entry per attack, in the order of <see cref="WatermarkAttacks.Standard"/>.</summary>
    public required IReadOnlyList<WatermarkBenchAttackResult> Attacks { get; init; }

    /// <summary>Embedding and detection time by image size (empty when no image could be read).</summary>
    public required IReadOnlyList<WatermarkBenchSpeed> Speed { get; init; }

    /// <summary>The threads "every core" meant in <see cref="WatermarkBenchSpeed.EmbedMsAllCores"/>.</summary>
    public int Cores { get; init; } = 1;

    /// <summary>Mean PSNR of the marked images (dB).</summary>
    public double MeanPsnr => Images.Count == 0 ? double.NaN : Images.Average(i => i.Psnr);

    /// <summary>The lowest PSNR of any marked image (dB): the most visible mark.</summary>
    public double MinPsnr => Images.Count == 0 ? double.NaN : Images.Min(i => i.Psnr);

    /// <summary>Mean SSIM of the marked images.</summary>
    public double MeanSsim => Images.Count == 0 ? double.NaN : Images.Average(i => i.Ssim);

    /// <summary>Mean embedding time per image (ms).</summary>
    public double MeanEmbedMs => Images.Count == 0 ? double.NaN : Images.Average(i => i.EmbedMs);

    /// <summary>Mean detection time per image (ms).</summary>
    public double MeanDetectMs => Images.Count == 0 ? double.NaN : Images.Average(i => i.DetectMs);

    /// <summary>Total embedding time over total megapixels.</summary>
    public double EmbedMsPerMegapixel => Images.Count == 0 ? double.NaN : Images.Sum(i => i.EmbedMs) / Images.Sum(i => i.Megapixels);

    /// <summary>Total detection time over total megapixels.</summary>
    public double DetectMsPerMegapixel => Images.Count == 0 ? double.NaN : Images.Sum(i => i.DetectMs) / Images.Sum(i => i.Megapixels);
}
