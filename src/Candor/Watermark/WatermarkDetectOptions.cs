namespace Candor.Watermark;

/// <summary>Detector settings.</summary>
public sealed record WatermarkDetectOptions
{
    /// <summary>The defaults: threshold 1e-6.</summary>
    public static WatermarkDetectOptions Default { get; } = new();

    /// <summary>False-positive rate accepted per image: <see cref="WatermarkDetection.Found"/> when the p-value is at most this.</summary>
    public double Threshold { get; init; } = 1e-6;

    /// <summary>Tile lattices estimated from the autocorrelation, besides the unmoved one, searched when the unmoved tile gives nothing (default 4).</summary>
    public int LatticeCandidates { get; init; } = 4;

    /// <summary>
    /// Threads a detection may use: 0 or less (the default) means every core. Images under about a megapixel are searched on
    /// the calling thread; on larger ones the luma and downscale, the residual, the fold and the pilot search split among
    /// threads. The result does not depend on the number of threads.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }
}
