using Candor.Imaging;
using Candor.Provenance;
using Candor.Watermark;

namespace Candor.Inspection;

/// <summary>
/// The watermark finding of <c>candor inspect --watermark-key</c> (<see cref="InspectOptions.WatermarkKey"/>): decodes the pixels, runs the detector
/// with the given key and says what it found — the payload and, for the "do not train" preset, its scope.
/// </summary>
public static class WatermarkFinding
{
    private static readonly Evidence Pixels = new("pixels", "Candor watermark");

    /// <summary>Decodes the pixels of <paramref name="stream"/> (PNG, JPEG or WebP) and reports whether a mark under <paramref name="key"/> is there.</summary>
    public static Finding Detect(Stream stream, WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(key);
        ReducedImage image;
        lock (stream)
        {
            stream.Position = 0;
            try
            {
                // Straight to the detector's working size: a large PNG is never held whole.
                image = ImageCodec.DecodeReduced(stream, WatermarkDetector.WorkingSize);
            }
            catch (Exception e) when (e is CandorFormatException or NotSupportedException or InvalidOperationException or DllNotFoundException)
            {
                return new Finding(FindingSeverity.Error, "watermark-unreadable",
                    $"The pixels could not be decoded to look for a watermark (key {key.Id}): {(e is CandorFormatException f ? f.Describe() : e.Message)}", Pixels);
            }
        }
        if (image.SourceWidth < 128 || image.SourceHeight < 128)
            return new Finding(FindingSeverity.Info, "watermark-not-found", $"The image is too small ({image.SourceWidth}×{image.SourceHeight}) to carry a Candor watermark.", Pixels);
        var d = WatermarkDetector.Detect(image, key);
        if (!d.Found)
            return new Finding(FindingSeverity.Info, "watermark-not-found", $"No Candor watermark under key {key.Id} (p = {d.PValue:g3}).", Pixels);
        return new Finding(FindingSeverity.Info, "watermark-found", $"Candor watermark under key {key.Id} (p = {d.PValue:g3}): {d.Payload?.Describe() ?? "payload unreadable"}.", Pixels);
    }
}
