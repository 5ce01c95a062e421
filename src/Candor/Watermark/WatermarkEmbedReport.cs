namespace Candor.Watermark;

/// <summary>What <see cref="WatermarkFile.Embed"/> did: the marked file and how visible the mark is, or why it failed.</summary>
/// <param name="Input">The image that was marked.</param>
/// <param name="Output">Where the marked copy was (or was to be) written.</param>
/// <param name="Key">The key the mark was made with.</param>
/// <param name="Payload">The 64 bits carried.</param>
/// <param name="Psnr">PSNR of the written file (decoded again) against the input, in dB; NaN when it failed.</param>
/// <param name="Ssim">SSIM of the written file (decoded again) against the input; NaN when it failed.</param>
/// <param name="Error">Why marking failed, in plain words; null when it succeeded.</param>
/// <param name="ErrorFile">The file <paramref name="Error"/> is about (the input when it could not be read or marked, the output when it could not be written or read back); null when it succeeded.</param>
public sealed record WatermarkEmbedReport(
    string Input, string Output, WatermarkKey Key, WatermarkPayload Payload,
    double Psnr, double Ssim, string? Error = null, string? ErrorFile = null)
{
    /// <summary>True when the marked copy was written.</summary>
    public bool Succeeded => Error is null;
}
