namespace Candor.Watermark;

/// <summary>Embedding and detection time at one image size (the bench's first image, resized).</summary>
/// <param name="Megapixels">The size asked for.</param>
/// <param name="Width">Width actually used.</param>
/// <param name="Height">Height actually used.</param>
/// <param name="EmbedMs">Embedding time, one thread (milliseconds; the median of three).</param>
/// <param name="DetectMs">Detection time, one thread (milliseconds).</param>
/// <param name="EmbedMsAllCores">Embedding time on every core (<see cref="WatermarkBenchReport.Cores"/>; milliseconds, the median of three run alternately with the one-thread runs); NaN when not measured.</param>
public sealed record WatermarkBenchSpeed(double Megapixels, int Width, int Height, double EmbedMs, double DetectMs, double EmbedMsAllCores = double.NaN)
{
    /// <summary>How many times faster embedding is on every core than on one.</summary>
    public double EmbedSpeedup => EmbedMs / EmbedMsAllCores;
}
