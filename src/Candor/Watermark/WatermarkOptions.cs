namespace Candor.Watermark;

/// <summary>How strongly to embed.</summary>
public sealed record WatermarkOptions
{
    /// <summary>The default: strength 1.</summary>
    public static WatermarkOptions Default { get; } = new();

    /// <summary>
    /// Amplitude multiplier. 1 gives about 41 dB PSNR on photographs (the RMS change of luma is
    /// 2.2 of 255); 2 doubles the amplitude (about 6 dB lower PSNR, more robust); 0.5 halves it.
    /// </summary>
    public double Strength { get; init; } = 1.0;
}
