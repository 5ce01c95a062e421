using Candor.Imaging.Jpeg;
using Candor.Imaging.Webp;

namespace Candor.Imaging;

/// <summary>
/// Geometric and tonal transforms on <see cref="FloatImage"/>, modelled on the PIL operations the watermark's attack suite
/// imitates. Every method returns a new image and leaves its input untouched. Alpha is kept: geometric transforms move it
/// with the colour planes, tonal ones leave it as it is. Results are not rounded; only <see cref="Clamp8"/> and the codec
/// round trips produce 8-bit values.
/// </summary>
public static class Transforms
{
    /// <summary>
    /// Resizes to <paramref name="width"/> × <paramref name="height"/> with a separable filter, as PIL's <c>resize</c> does:
    /// the kernel is widened by the scale factor when shrinking (so downscaling averages instead of aliasing) and weights are
    /// normalised per output pixel. An axis whose size does not change is copied exactly.
    /// </summary>
    public static FloatImage Resize(FloatImage image, int width, int height, ResizeFilter filter = ResizeFilter.Lanczos3)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!Enum.IsDefined(filter)) throw new ArgumentOutOfRangeException(nameof(filter));
        var horizontal = width == image.Width ? null : SeparableWeights.ForResize(image.Width, width, filter);
        var vertical = height == image.Height ? null : SeparableWeights.ForResize(image.Height, height, filter);
        var planes = new float[image.Channels][];
        for (var c = 0; c < planes.Length; c++)
        {
            var plane = image.Planes[c];
            // The vertical pass runs on whole vectors and the horizontal one on one dot product per output, so the
            // horizontal pass goes where there are fewer rows: after a vertical shrink, before a vertical enlargement.
            if (vertical is not null && height < image.Height)
            {
                plane = vertical.Vertical(plane, image.Width);
                if (horizontal is not null) plane = horizontal.Horizontal(plane, image.Width, height);
            }
            else
            {
                if (horizontal is not null) plane = horizontal.Horizontal(plane, image.Width, image.Height);
                if (vertical is not null) plane = vertical.Vertical(plane, width);
            }
            planes[c] = ReferenceEquals(plane, image.Planes[c]) ? (float[])plane.Clone() : plane;
        }
        return new FloatImage(width, height, planes);
    }

    /// <summary>The <paramref name="width"/> × <paramref name="height"/> rectangle whose top-left pixel is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not inside the image.</exception>
    public static FloatImage Crop(FloatImage image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (x < 0 || y < 0 || width < 1 || height < 1 || x > image.Width - width || y > image.Height - height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {width}×{height} at ({x}, {y}) is not inside the {image.Width}×{image.Height} image.");
        var result = new FloatImage(width, height, image.Channels);
        for (var c = 0; c < image.Channels; c++)
            for (var row = 0; row < height; row++)
                Array.Copy(image.Planes[c], (y + row) * image.Width + x, result.Planes[c], row * width, width);
        return result;
    }

    /// <summary>
    /// Rotates counter-clockwise by <paramref name="degrees"/> about the centre of the image, as PIL's <c>rotate</c> does:
    /// each output pixel centre is mapped back into the source and sampled bilinearly (neighbours clamped at the border);
    /// points that fall outside the source get <paramref name="fill"/> in every channel (alpha too, so a 4-channel result is
    /// transparent there). Without <paramref name="expand"/> the canvas keeps its size; with it, the canvas grows to
    /// ⌈|w cos θ| + |h sin θ|⌉ × ⌈|w sin θ| + |h cos θ|⌉ to hold the whole turned image. Multiples of 90° are exact pixel
    /// permutations whenever the turned image lands on the pixel grid.
    /// </summary>
    public static FloatImage Rotate(FloatImage image, double degrees, bool expand = false, float fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!double.IsFinite(degrees)) throw new ArgumentOutOfRangeException(nameof(degrees), "The angle must be a finite number.");
        var turns = degrees / 90.0;
        if (turns == Math.Floor(turns))
        {
            var quarter = (int)(((long)(turns % 4) + 4) % 4);
            var turned = Dihedral.RotateCounterClockwise(image, quarter);
            if (expand || quarter % 2 == 0 || image.Width == image.Height) return turned;
            if ((image.Width - image.Height) % 2 == 0) return Place(turned, image.Width, image.Height, fill);
        }
        var radians = degrees * Math.PI / 180.0;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        int width = image.Width, height = image.Height;
        if (expand)
        {
            // A hair of tolerance so that e.g. 30° does not gain a pixel from rounding in cos/sin.
            width = (int)Math.Ceiling(Math.Abs(image.Width * cos) + Math.Abs(image.Height * sin) - 1e-9);
            height = (int)Math.Ceiling(Math.Abs(image.Width * sin) + Math.Abs(image.Height * cos) - 1e-9);
        }
        return RotateBilinear(image, cos, sin, width, height, fill);
    }

    /// <summary>Mirrors left to right.</summary>
    public static FloatImage FlipHorizontal(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Dihedral.FlipHorizontal(image);
    }

    /// <summary>Mirrors top to bottom.</summary>
    public static FloatImage FlipVertical(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Dihedral.FlipVertical(image);
    }

    /// <summary>
    /// Gaussian blur of every channel: a separable kernel exp(−x² / 2σ²) of radius ⌈3σ⌉, normalised to 1, with samples
    /// beyond the border taken from the edge pixel. <paramref name="sigma"/> ≤ 0 returns a copy.
    /// </summary>
    public static FloatImage GaussianBlur(FloatImage image, double sigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(sigma > 0)) return image.Clone();
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * radius + 1];
        var sum = 0.0;
        for (var k = -radius; k <= radius; k++) sum += Math.Exp(-k * k / (2 * sigma * sigma));
        for (var k = -radius; k <= radius; k++) kernel[k + radius] = (float)(Math.Exp(-k * k / (2 * sigma * sigma)) / sum);
        var horizontal = SeparableWeights.ForConvolution(image.Width, kernel);
        var vertical = SeparableWeights.ForConvolution(image.Height, kernel);
        var planes = new float[image.Channels][];
        for (var c = 0; c < planes.Length; c++)
            planes[c] = vertical.Vertical(horizontal.Horizontal(image.Planes[c], image.Width, image.Height), image.Width);
        return new FloatImage(image.Width, image.Height, planes);
    }

    /// <summary>
    /// Adds independent Gaussian noise of standard deviation <paramref name="sigma"/> (0–255 scale) to every colour sample;
    /// the same <paramref name="seed"/> gives the same noise. Alpha is untouched; results are not clamped.
    /// </summary>
    public static FloatImage AddGaussianNoise(FloatImage image, double sigma, int seed)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        var random = new Random(seed);
        var result = image.Clone();
        var colour = image.HasAlpha ? 3 : image.Channels;
        for (var c = 0; c < colour; c++)
        {
            var plane = result.Planes[c];
            for (var i = 0; i < plane.Length; i += 2)
            {
                // Box–Muller: two independent standard normals from two uniforms in (0, 1].
                var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * sigma;
                var angle = 2 * Math.PI * random.NextDouble();
                plane[i] += (float)(radius * Math.Cos(angle));
                if (i + 1 < plane.Length) plane[i + 1] += (float)(radius * Math.Sin(angle));
            }
        }
        return result;
    }

    /// <summary>PIL <c>ImageEnhance.Brightness</c>: every colour sample times <paramref name="factor"/>, clamped to 0–255.</summary>
    public static FloatImage Brightness(FloatImage image, double factor)
    {
        var f = (float)factor;
        return ColorSpace.MapColour(image, v => Math.Clamp(v * f, 0f, 255f));
    }

    /// <summary>
    /// PIL <c>ImageEnhance.Contrast</c>: a blend with the image's mean grey level m (the mean BT.601 luma, rounded to an
    /// integer as PIL does): out = m + <paramref name="factor"/> × (in − m), clamped to 0–255.
    /// </summary>
    public static FloatImage Contrast(FloatImage image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        var luma = ColorSpace.Luma(image);
        var total = 0.0;
        foreach (var v in luma) total += Math.Clamp(v, 0f, 255f);
        var mean = (float)Math.Floor(total / luma.Length + 0.5);
        var f = (float)factor;
        return ColorSpace.MapColour(image, v => Math.Clamp(mean + f * (v - mean), 0f, 255f));
    }

    /// <summary>Gamma curve on every colour sample: out = 255 × (in / 255)^<paramref name="gamma"/> (negative inputs count as 0).</summary>
    public static FloatImage Gamma(FloatImage image, double gamma)
    {
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), "Gamma must be positive.");
        return ColorSpace.MapColour(image, v => (float)(255.0 * Math.Pow(Math.Max(v, 0f) / 255.0, gamma)));
    }

    /// <summary>Every sample (alpha too) rounded half away from zero and clamped to 0–255, as saving to an 8-bit PNG does.</summary>
    public static FloatImage Clamp8(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new FloatImage(image.Width, image.Height, image.Channels);
        for (var c = 0; c < image.Channels; c++)
        {
            var src = image.Planes[c];
            var dst = result.Planes[c];
            for (var i = 0; i < src.Length; i++) dst[i] = FloatImage.ToByte(src[i]);
        }
        return result;
    }

    /// <summary>The same as <see cref="Clamp8"/>: a lossless 8-bit PNG keeps exactly the rounded values.</summary>
    public static FloatImage PngRoundTrip(FloatImage image) => Clamp8(image);

    /// <summary>
    /// Encodes as JPEG at <paramref name="quality"/> (1–100) with <paramref name="subsampling"/> chroma (default 4:2:0, PIL's
    /// default) and decodes it again. JPEG has no alpha, so a 4-channel input keeps its own alpha, rounded to 8 bits; a
    /// 1-channel input goes through a greyscale JPEG.
    /// </summary>
    public static FloatImage JpegRoundTrip(FloatImage image, int quality, JpegSubsampling subsampling = JpegSubsampling.S420)
    {
        ArgumentNullException.ThrowIfNull(image);
        var decoded = FloatImage.FromRgba(JpegCodec.Decode(JpegCodec.Encode(image, quality, subsampling)));
        return KeepLayout(image, decoded);
    }

    /// <summary>Encodes as lossy WebP at <paramref name="quality"/> (0–100) and decodes it again; alpha goes through WebP's own alpha plane.</summary>
    public static FloatImage WebpRoundTrip(FloatImage image, float quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        var decoded = FloatImage.FromRgba(WebpDecoder.Decode(WebpEncoder.Encode(image, quality)));
        return KeepLayout(image, decoded);
    }

    /// <summary>The decoded colour planes in the channel layout of <paramref name="original"/> (1, 3, or 3 + 8-bit alpha).</summary>
    private static FloatImage KeepLayout(FloatImage original, FloatImage decoded)
    {
        if (original.Channels == 1) return new FloatImage(decoded.Width, decoded.Height, [decoded.Planes[0]]);
        if (!original.HasAlpha) return decoded.Channels == 3 ? decoded : new FloatImage(decoded.Width, decoded.Height, decoded.Planes[..3]);
        if (decoded.HasAlpha) return decoded;
        var alpha = new float[original.PixelCount];
        for (var i = 0; i < alpha.Length; i++) alpha[i] = FloatImage.ToByte(original.Planes[3][i]);
        return new FloatImage(decoded.Width, decoded.Height, [decoded.Planes[0], decoded.Planes[1], decoded.Planes[2], alpha]);
    }

    /// <summary><paramref name="image"/> centred on a <paramref name="width"/> × <paramref name="height"/> canvas of <paramref name="fill"/> (cropped where larger).</summary>
    private static FloatImage Place(FloatImage image, int width, int height, float fill)
    {
        var result = new FloatImage(width, height, image.Channels);
        int dx = (width - image.Width) / 2, dy = (height - image.Height) / 2;
        for (var c = 0; c < image.Channels; c++)
        {
            var dst = result.Planes[c];
            Array.Fill(dst, fill);
            var src = image.Planes[c];
            for (var y = Math.Max(0, dy); y < Math.Min(height, dy + image.Height); y++)
            {
                var x0 = Math.Max(0, dx);
                var x1 = Math.Min(width, dx + image.Width);
                Array.Copy(src, (y - dy) * image.Width + (x0 - dx), dst, y * width + x0, x1 - x0);
            }
        }
        return result;
    }

    private static FloatImage RotateBilinear(FloatImage image, double cos, double sin, int width, int height, float fill)
    {
        var result = new FloatImage(width, height, image.Channels);
        int sw = image.Width, sh = image.Height, channels = image.Channels;
        float[][] source = image.Planes, target = result.Planes;
        double sourceCx = sw / 2.0, sourceCy = sh / 2.0, cx = width / 2.0, cy = height / 2.0;
        for (var y = 0; y < height; y++)
        {
            var dy = y + 0.5 - cy;
            // Inverse of a counter-clockwise turn on a y-down grid: source offset = R(θ)⁻¹ · output offset, stepped along the row.
            var u = sourceCx + (0.5 - cx) * cos - dy * sin;
            var v = sourceCy + (0.5 - cx) * sin + dy * cos;
            for (var x = 0; x < width; x++, u += cos, v += sin)
            {
                var at = y * width + x;
                if (!(u >= 0 && u < sw && v >= 0 && v < sh))
                {
                    for (var c = 0; c < channels; c++) target[c][at] = fill;
                    continue;
                }
                // Pixel centres sit at i + 0.5; fx ≥ −0.5, so truncating fx + 1 is a floor.
                var fx = u - 0.5;
                var fy = v - 0.5;
                var x0 = (int)(fx + 1) - 1;
                var y0 = (int)(fy + 1) - 1;
                var ax = (float)(fx - x0);
                var ay = (float)(fy - y0);
                int xa = Math.Max(x0, 0), xb = Math.Min(x0 + 1, sw - 1);
                int ya = Math.Max(y0, 0) * sw, yb = Math.Min(y0 + 1, sh - 1) * sw;
                for (var c = 0; c < channels; c++)
                {
                    var p = source[c];
                    float tl = p[ya + xa], tr = p[ya + xb], bl = p[yb + xa], br = p[yb + xb];
                    var top = tl + (tr - tl) * ax;
                    var bottom = bl + (br - bl) * ax;
                    target[c][at] = top + (bottom - top) * ay;
                }
            }
        }
        return result;
    }
}
