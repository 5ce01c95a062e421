namespace Candor.Watermark;

/// <summary>Embedding and detection time at one image size (the bench's first image, resized).</summary>
/// <param name="Megapixels">The size asked for.</param>
/// <param name="Width">Width actually used.</param>
/// <param name="Height">Height actually used.</param>
/// <param name="EmbedMs">Embedding time, one thread (milliseconds).</param>
/// <param name="DetectMs">Detection time, one thread (milliseconds).</param>
public sealed record WatermarkBenchSpeed(double Megapixels, int Width, int Height, double EmbedMs, double DetectMs);
