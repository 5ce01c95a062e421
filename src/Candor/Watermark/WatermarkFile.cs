using Candor.FileSystem;
using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// The watermark workflows on files, as <c>candor watermark embed|detect</c> run them: decode, mark, save
/// (and, when asked, decode the written file again and measure it against the original); decode and detect.
/// </summary>
public static class WatermarkFile
{
    /// <summary>The extensions a marked copy can be written with (the format follows the extension).</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".png", ".jpg", ".jpeg", ".webp"];

    /// <summary>True when <paramref name="path"/>'s extension names a format a marked copy can be written in.</summary>
    public static bool IsWritable(string path) => WritableExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Marks the image at <paramref name="inPath"/> with <paramref name="payload"/> under <paramref name="key"/> and writes
    /// the copy to <paramref name="outPath"/> (PNG, JPEG or WebP by extension, JPEG and WebP at <paramref name="quality"/>)
    /// through a temporary file renamed into place. The report always carries <see cref="WatermarkEmbedReport.MarkPsnr"/>
    /// (the marked 8-bit pixels against the input, measured in passing); with <paramref name="measureWritten"/> the written
    /// file is also decoded again for <see cref="WatermarkEmbedReport.Psnr"/> and <see cref="WatermarkEmbedReport.Ssim"/>,
    /// which costs more than the marking on a large image. The input is never changed. Problems with either file become
    /// the report's <see cref="WatermarkEmbedReport.Error"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="outPath"/> is the input, or its extension is not one of <see cref="WritableExtensions"/>.</exception>
    public static WatermarkEmbedReport Embed(string inPath, string outPath, WatermarkKey key, WatermarkPayload payload, WatermarkOptions options, int quality = 90, bool measureWritten = true)
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
            // Decoded pixels are 8-bit values already (ImageCodec decodes to bytes and turns them upright), so PSNR and SSIM count only the mark.
            original = ImageCodec.Load(inPath, maxPixels: WatermarkEmbedder.MaxPixels);
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
        double markPsnr;
        FloatImage? result = null;
        try
        {
            var marked = WatermarkEmbedder.Embed(original, key, payload, options);
            markPsnr = RoundedPsnr(original, marked, PlaneOps.Threads(options.MaxDegreeOfParallelism));
            ImageCodec.Save(marked, outPath, quality);
            if (measureWritten) result = ImageCodec.Load(outPath);
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
        return result is null
            ? new(inPath, outPath, key, payload, double.NaN, double.NaN, MarkPsnr: markPsnr)
            : new(inPath, outPath, key, payload, ImageMetrics.Psnr(result, original), ImageMetrics.Ssim(result, original), MarkPsnr: markPsnr);
    }

    /// <summary>
    /// PSNR (dB) of <paramref name="marked"/> rounded to 8 bits, as an encoder writes it, against <paramref name="original"/>,
    /// over R, G and B as <see cref="ImageMetrics.Psnr"/> counts it; row ranges on up to <paramref name="threads"/> threads.
    /// </summary>
    internal static double RoundedPsnr(FloatImage original, FloatImage marked, int threads)
    {
        var colour = Math.Min(3, original.Channels);
        var width = original.Width;
        var rowSums = new double[original.Height];
        PlaneOps.ForRows(original.Height, original.PixelCount * colour, threads, (first, end) =>
        {
            for (var y = first; y < end; y++)
            {
                double sum = 0;
                for (var c = 0; c < colour; c++)
                {
                    var a = original.Planes[c].AsSpan(y * width, width);
                    var b = marked.Planes[c].AsSpan(y * width, width);
                    for (var x = 0; x < a.Length; x++)
                    {
                        var d = FloatImage.ToByte(b[x]) - a[x];
                        sum += d * d;
                    }
                }
                rowSums[y] = sum;
            }
        });
        var total = 0.0;
        foreach (var s in rowSums) total += s;
        var mse = total / ((double)colour * original.PixelCount);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
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
