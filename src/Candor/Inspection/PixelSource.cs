using Candor.Formats;
using Candor.Formats.Webp;
using Candor.Imaging;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.Inspection;

/// <summary>
/// Decodes an inspected file's pixels on demand, for the readers of hidden copies (stealth data,
/// NovelAI signatures). Only PNG and lossless still WebP are decoded: lossy formats cannot carry
/// a bit-exact hidden copy. <see cref="Top"/> decodes just the first rows, so files without a
/// hidden copy are dismissed without a full decode.
/// </summary>
internal sealed class PixelSource(Stream stream, ContainerScan scan, InspectOptions options)
{
    /// <summary>
    /// Largest image decoded whole for a hidden copy: 64 Mi pixels (8192 × 8192, 256 MiB as RGBA). Generators write far
    /// smaller images; a peek at the first rows (<see cref="Top"/>) is cheap at any size.
    /// </summary>
    public const long MaxFullPixels = 64L * 1024 * 1024;

    private byte[]? _webp;

    private bool IsPng => scan.ImageFormat == ImageFormat.Png;

    private bool IsStillLosslessWebp => scan.ImageFormat == ImageFormat.WebP && WebpFormat.IsLossless(scan)
        && stream.Length <= options.MaxWebpBytes && !scan.Blocks.Any(b => b.Type == "ANIM");

    /// <summary>True when the format has pixels worth decoding.</summary>
    public bool CanPeek => options.DecodePixels && (IsPng || IsStillLosslessWebp);

    /// <summary>The whole image, or null when it is not decoded.</summary>
    public RgbaImage? Full() => Decode(int.MaxValue);

    /// <summary>The first <paramref name="rows"/> rows, or null when the image is not decoded.</summary>
    public RgbaImage? Top(int rows) => Decode(rows);

    private RgbaImage? Decode(int rows)
    {
        if (!CanPeek) return null;
        lock (stream)
        {
            if (IsPng)
            {
                stream.Position = 0;
                return PngDecoder.Decode(stream, rows == int.MaxValue ? new PngDecodeOptions { MaxPixels = MaxFullPixels } : new PngDecodeOptions { MaxRows = rows });
            }
            try
            {
                var bytes = WebpBytes();
                return rows == int.MaxValue ? WebpDecoder.Decode(bytes, MaxFullPixels) : WebpDecoder.DecodeTop(bytes, rows);
            }
            catch (InvalidOperationException)
            {
                // libwebp is missing: hidden copies in WebP cannot be read, everything else still can.
                return null;
            }
        }
    }

    private byte[] WebpBytes()
    {
        if (_webp is not null) return _webp;
        stream.Position = 0;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return _webp = bytes;
    }
}
