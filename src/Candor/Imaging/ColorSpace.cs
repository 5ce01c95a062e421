namespace Candor.Imaging;

/// <summary>
/// Colour conversions on the 0–255 scale of <see cref="FloatImage"/>: the sRGB transfer curve (IEC 61966-2-1), JPEG's
/// full-range BT.601 Y′CbCr (JFIF: chroma centred on 128), and BT.601 luma. Whole-image conversions return new images
/// and carry alpha through unchanged.
/// </summary>
public static class ColorSpace
{
    /// <summary>BT.601 luma weights (the JPEG/JFIF and PIL <c>convert("L")</c> weights).</summary>
    public const float KR = 0.299f, KG = 0.587f, KB = 0.114f;

    /// <summary>sRGB-encoded value (0–255) to linear light, also on the 0–255 scale.</summary>
    public static float SrgbToLinear(float value)
    {
        var v = value / 255.0;
        var linear = v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        return (float)(linear * 255.0);
    }

    /// <summary>Linear light (0–255) to the sRGB-encoded value (0–255); the inverse of <see cref="SrgbToLinear(float)"/>.</summary>
    public static float LinearToSrgb(float value)
    {
        var v = value / 255.0;
        var encoded = v <= 0.0031308 ? v * 12.92 : 1.055 * Math.Pow(v, 1 / 2.4) - 0.055;
        return (float)(encoded * 255.0);
    }

    /// <summary>Applies <see cref="SrgbToLinear(float)"/> to every colour channel (negative values go to 0).</summary>
    public static FloatImage SrgbToLinear(FloatImage image) => MapColour(image, v => SrgbToLinear(Math.Max(v, 0f)));

    /// <summary>Applies <see cref="LinearToSrgb(float)"/> to every colour channel (negative values go to 0).</summary>
    public static FloatImage LinearToSrgb(FloatImage image) => MapColour(image, v => LinearToSrgb(Math.Max(v, 0f)));

    /// <summary>
    /// RGB to full-range Y′CbCr as JPEG stores it: planes Y, Cb, Cr (and alpha when present), with
    /// Y = 0.299 R + 0.587 G + 0.114 B, Cb = 128 + (B − Y) / 1.772, Cr = 128 + (R − Y) / 1.402. A grey image gives
    /// Y = grey and Cb = Cr = 128. Values are not rounded or clamped.
    /// </summary>
    public static FloatImage ToYCbCr(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var n = image.PixelCount;
        var result = new FloatImage(image.Width, image.Height, image.HasAlpha ? 4 : 3);
        var (r, g, b) = Rgb(image);
        float[] y = result.Planes[0], cb = result.Planes[1], cr = result.Planes[2];
        for (var i = 0; i < n; i++)
        {
            var luma = KR * r[i] + KG * g[i] + KB * b[i];
            y[i] = luma;
            cb[i] = 128f + (b[i] - luma) / 1.772f;
            cr[i] = 128f + (r[i] - luma) / 1.402f;
        }
        if (image.HasAlpha) Array.Copy(image.Planes[3], result.Planes[3], n);
        return result;
    }

    /// <summary>
    /// The inverse of <see cref="ToYCbCr"/>: planes Y, Cb, Cr (and alpha) to R, G, B (and alpha), with
    /// R = Y + 1.402 (Cr − 128), G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128), B = Y + 1.772 (Cb − 128).
    /// </summary>
    /// <exception cref="ArgumentException">The image has one channel (it must hold Y, Cb and Cr).</exception>
    public static FloatImage FromYCbCr(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 1) throw new ArgumentException("A Y′CbCr image has 3 or 4 planes.", nameof(image));
        var n = image.PixelCount;
        var result = new FloatImage(image.Width, image.Height, image.Channels);
        float[] y = image.Planes[0], cb = image.Planes[1], cr = image.Planes[2];
        float[] r = result.Planes[0], g = result.Planes[1], b = result.Planes[2];
        for (var i = 0; i < n; i++)
        {
            var u = cb[i] - 128f;
            var v = cr[i] - 128f;
            r[i] = y[i] + 1.402f * v;
            g[i] = y[i] - 0.344136f * u - 0.714136f * v;
            b[i] = y[i] + 1.772f * u;
        }
        if (image.HasAlpha) Array.Copy(image.Planes[3], result.Planes[3], n);
        return result;
    }

    /// <summary>BT.601 luma 0.299 R + 0.587 G + 0.114 B per pixel (a new array; for a 1-channel image, a copy of its plane).</summary>
    public static float[] Luma(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 1) return (float[])image.Planes[0].Clone();
        var (r, g, b) = Rgb(image);
        var luma = new float[image.PixelCount];
        for (var i = 0; i < luma.Length; i++) luma[i] = KR * r[i] + KG * g[i] + KB * b[i];
        return luma;
    }

    /// <summary>A 1-channel image of <see cref="Luma"/> (alpha is dropped: a <see cref="FloatImage"/> has no grey + alpha form).</summary>
    public static FloatImage Grayscale(FloatImage image)
    {
        var luma = Luma(image);
        return new FloatImage(image.Width, image.Height, [luma]);
    }

    /// <summary>The R, G and B planes (the grey plane three times for a 1-channel image).</summary>
    internal static (float[] R, float[] G, float[] B) Rgb(FloatImage image) =>
        image.Channels == 1 ? (image.Planes[0], image.Planes[0], image.Planes[0]) : (image.Planes[0], image.Planes[1], image.Planes[2]);

    /// <summary>Applies <paramref name="map"/> to every colour plane of a copy; alpha is copied as is.</summary>
    internal static FloatImage MapColour(FloatImage image, Func<float, float> map)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        var colour = image.HasAlpha ? 3 : image.Channels;
        for (var c = 0; c < colour; c++)
        {
            var plane = result.Planes[c];
            for (var i = 0; i < plane.Length; i++) plane[i] = map(plane[i]);
        }
        return result;
    }
}
