using Candor.FileSystem;
using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// The watermark workflows on files, as <c>candor watermark embed|detect</c> run them: decode, mark,
/// save, decode the written file again and measure it against the original; decode and detect.
/// </summary>
public static class WatermarkFile
{
    /// <summary>The extensions a marked copy can be written with (the format follows the extension).</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".png", ".jpg", ".jpeg", ".webp"];

    /// <summary>True when <paramref name="path"/>'s extension names a format a marked copy can be written in.</summary>
    public static bool IsWritable(string path) => WritableExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Marks the image at <paramref name="inPath"/> with <paramref name="payload"/> under <paramref name="key"/> and writes
    /// the copy to <paramref name="outPath"/> (PNG, JPEG or WebP by extension, JPEG and WebP at <paramref name="quality"/>);
    /// the written file is decoded again and measured against the input. The input is never changed. Problems with
    /// either file become the report's <see cref="WatermarkEmbedReport.Error"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="outPath"/> is the input, or its extension is not one of <see cref="WritableExtensions"/>.</exception>
    public static WatermarkEmbedReport Embed(string inPath, string outPath, WatermarkKey key, WatermarkPayload payload, WatermarkOptions options, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(inPath);
        ArgumentNullException.ThrowIfNull(outPath);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(options);
        if (FilePaths.IsSameFile(inPath, outPath))
            throw new ArgumentException("the output is the input; the original is never overwritten", nameof(outPath));
        if (!IsWritable(outPath))
            throw new ArgumentException($"cannot tell the format to write from the extension of {outPath}; use .png, .jpg or .webp", nameof(outPath));
        WatermarkEmbedReport Failed(string file, string error) => new(inPath, outPath, key, payload, double.NaN, double.NaN, error, file);

        FloatImage original;
        try
        {
            // Measured as 8-bit pixels, as every written file holds them, so PSNR and SSIM count only the mark.
            original = Transforms.PngRoundTrip(ImageCodec.Load(inPath, maxPixels: WatermarkEmbedder.MaxPixels));
        }
        catch (CandorFormatException e) when (e.Kind == FormatErrorKind.LimitExceeded)
        {
            return Failed(inPath, $"{Describe(e)} (watermark embed accepts images of at most {WatermarkEmbedder.MaxPixels} pixels, e.g. 8192×8192)");
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return Failed(inPath, Describe(e));
        }
        catch (OutOfMemoryException)
        {
            return Failed(inPath, TooLarge);
        }
        FloatImage result;
        try
        {
            var marked = WatermarkEmbedder.Embed(original, key, payload, options);
            ImageCodec.Save(marked, outPath, quality);
            result = ImageCodec.Load(outPath);
        }
        catch (ArgumentException e)
        {
            return Failed(inPath, e.Message);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return Failed(outPath, Describe(e));
        }
        catch (OutOfMemoryException)
        {
            return Failed(inPath, TooLarge);
        }
        return new(inPath, outPath, key, payload, ImageMetrics.Psnr(result, original), ImageMetrics.Ssim(result, original));
    }

    /// <summary>
    /// Decodes <paramref name="path"/> straight to the detector's working resolution (<see cref="ImageCodec.LoadReduced"/>:
    /// a PNG of any size costs the working image's memory) and looks for a mark under <paramref name="key"/>; a file that
    /// cannot be decoded, or is over <see cref="ImageCodec.DefaultMaxPixels"/>, becomes the result's error.
    /// </summary>
    public static WatermarkFileDetection Detect(string path, WatermarkKey key, WatermarkDetectOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return new(path, WatermarkDetector.Detect(ImageCodec.LoadReduced(path, WatermarkDetector.WorkingSize), key, options), null);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return new(path, null, Describe(e));
        }
        catch (OutOfMemoryException)
        {
            // The allocation that failed was never made; the next file starts clean.
            return new(path, null, TooLarge);
        }
    }

    private const string TooLarge = "the image is too large: decoding it needs more memory than is available";

    private static string Describe(Exception e) => e is CandorFormatException f ? f.Describe() : e.Message;

    private static bool IsReadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or CandorFormatException or NotSupportedException or InvalidOperationException or DllNotFoundException;
}
