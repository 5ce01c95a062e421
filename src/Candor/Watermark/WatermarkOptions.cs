namespace Candor.Watermark;

/// <summary>How strongly to embed, and on how many threads.</summary>
public sealed record WatermarkOptions
{
    /// <summary>The default: strength 1, adaptive, every core.</summary>
    public static WatermarkOptions Default { get; } = new();

    /// <summary>
    /// Amplitude multiplier. 1 gives about 41 dB PSNR on photographs (the RMS change of luma is 2.2 of 255), and no
    /// less than 37.5 dB on busy ones (see <see cref="Adaptive"/>); 2 doubles the amplitude (about 6 dB lower PSNR, more
    /// robust); 0.5 halves it.
    /// </summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>
    /// Raise the amplitude (up to 1.6×) on pictures where the mark would stand out too little for the detector — busy
    /// textures hide it from the eye and from the detector alike — but never below 37.5 dB PSNR at strength 1 (the
    /// floor moves with <see cref="Strength"/> as the unraised mark does: 31.5 dB at strength 2). On by default.
    /// </summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>
    /// Threads an embedding may use: 0 or less (the default) means every core. Images under about a megapixel are
    /// always marked on the calling thread; the result does not depend on the number of threads.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }
}
