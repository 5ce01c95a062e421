namespace Candor.Watermark;

/// <summary>How strongly to embed.</summary>
public sealed record WatermarkOptions
{
    /// <summary>The default: strength 1.</summary>
    public static WatermarkOptions Default { get; } = new();

    /// <summary>
    /// Amplitude multiplier. 1 gives about 41 dB (up to 1.5× more on busy pictures, see Adaptive) PSNR on photographs (the RMS change of luma is
    /// 2.35 of 255); 2 doubles the amplitude (about 6 dB lower PSNR, more robust); 0.5 halves it.
    /// </summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>
    /// Raise the amplitude (up to 1.5×) on pictures where the mark would stand out too little for the
    /// detector — busy textures hide it from the eye and from the detector alike. On by default.
    /// </summary>
    public bool Adaptive { get; init; } = true;
}
