namespace Candor.Watermark;

/// <summary>What marking one image cost: the visible change and the time.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Psnr">PSNR of the marked image against the original, both rounded to 8 bits (dB).</param>
/// <param name="Ssim">SSIM of the same pair.</param>
/// <param name="EmbedMs">Embedding time, one thread (milliseconds).</param>
/// <param name="DetectMs">Detection time on the unattacked marked image, one thread (milliseconds).</param>
public sealed record WatermarkBenchImage(string Path, int Width, int Height, double Psnr, double Ssim, double EmbedMs, double DetectMs)
{
    /// <summary>Size in megapixels.</summary>
    public double Megapixels => Width * (double)Height / 1e6;

    /// <summary>Embedding milliseconds per megapixel.</summary>
    public double EmbedMsPerMegapixel => EmbedMs / Megapixels;

    /// <summary>Detection milliseconds per megapixel.</summary>
    public double DetectMsPerMegapixel => DetectMs / Megapixels;
}
