namespace Candor.Watermark;

/// <summary>What <see cref="WatermarkFile.Embed"/> did: the marked file and how visible the mark is, or why it failed.</summary>
/// <param name="Input">The image that was marked.</param>
/// <param name="Output">Where the marked copy was (or was to be) written.</param>
/// <param name="Key">The key the mark was made with.</param>
/// <param name="Payload">The 64 bits carried.</param>
/// <param name="Psnr">PSNR of the written file (decoded again) against the input, in dB; NaN when it failed or the written file was not measured.</param>
/// <param name="Ssim">SSIM of the written file (decoded again) against the input; NaN when it failed or the written file was not measured.</param>
/// <param name="Error">Why marking failed, in plain words; null when it succeeded.</param>
/// <param name="ErrorFile">The file <paramref name="Error"/> is about (the input when it could not be read or marked, the output when it could not be written or read back); null when it succeeded.</param>
/// <param name="MarkPsnr">PSNR of the marked pixels rounded to 8 bits against the input, in dB: what a PNG holds exactly, before any JPEG or WebP compression; NaN when it failed.</param>
public sealed record WatermarkEmbedReport(
    string Input, string Output, WatermarkKey Key, WatermarkPayload Payload,
    double Psnr, double Ssim, string? Error = null, string? ErrorFile = null, double MarkPsnr = double.NaN)
{
    /// <summary>True when the marked copy was written.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when the written file was decoded again and <see cref="Psnr"/> and <see cref="Ssim"/> measure it.</summary>
    public bool WrittenMeasured => !double.IsNaN(Psnr);
}
