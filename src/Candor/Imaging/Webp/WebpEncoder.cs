namespace Candor.Imaging.Webp;

/// <summary>
/// Encodes a <see cref="FloatImage"/> as a still WebP through libwebp's simple encoding API (<c>libwebp.so.7</c>, package
/// libwebp7). Values are rounded and clamped to 8 bits first; a 1-channel image is written as RGB with R = G = B, a
/// 4-channel one with alpha. WebP canvases are at most 16383 pixels on a side. As with PIL's default (<c>exact=False</c>),
/// lossless coding may change the RGB values of fully transparent pixels; every visible sample and all alpha values are kept.
/// </summary>
public static class WebpEncoder
{
    /// <summary>Largest width or height WebP can store.</summary>
    public const int MaxDimension = 16383;

    /// <summary>Returns the WebP file for <paramref name="image"/>.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">Lossy quality 0–100 (ignored when <paramref name="lossless"/>).</param>
    /// <param name="lossless">Use WebP's lossless (VP8L) coding.</param>
    /// <exception cref="ArgumentException">The image is larger than <see cref="MaxDimension"/> on a side.</exception>
    /// <exception cref="InvalidOperationException">libwebp7 is not installed, or libwebp failed.</exception>
    public static unsafe byte[] Encode(FloatImage image, float quality = 80, bool lossless = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(quality is >= 0 and <= 100)) throw new ArgumentOutOfRangeException(nameof(quality), "WebP quality is 0–100.");
        if (image.Width > MaxDimension || image.Height > MaxDimension)
            throw new ArgumentException($"WebP stores at most {MaxDimension}×{MaxDimension} pixels; the image is {image.Width}×{image.Height}.", nameof(image));
        var channels = image.HasAlpha ? 4 : 3;
        var n = image.PixelCount;
        var pixels = GC.AllocateUninitializedArray<byte>(checked(n * channels));
        for (var c = 0; c < channels; c++)
        {
            var plane = image.Planes[image.Channels == 1 ? 0 : c];
            for (int i = 0, j = c; i < n; i++, j += channels) pixels[j] = FloatImage.ToByte(plane[i]);
        }
        try
        {
            byte* output = null;
            try
            {
                nuint size;
                fixed (byte* source = pixels)
                {
                    var stride = image.Width * channels;
                    size = (lossless, channels) switch
                    {
                        (true, 4) => LibWebp.WebPEncodeLosslessRGBA(source, image.Width, image.Height, stride, &output),
                        (true, _) => LibWebp.WebPEncodeLosslessRGB(source, image.Width, image.Height, stride, &output),
                        (false, 4) => LibWebp.WebPEncodeRGBA(source, image.Width, image.Height, stride, quality, &output),
                        _ => LibWebp.WebPEncodeRGB(source, image.Width, image.Height, stride, quality, &output),
                    };
                }
                if (size == 0 || output is null) throw new InvalidOperationException("libwebp could not encode the image.");
                return new ReadOnlySpan<byte>(output, checked((int)size)).ToArray();
            }
            finally
            {
                if (output is not null) LibWebp.WebPFree(output);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libwebp7 is not installed: apt-get install libwebp7", e);
        }
    }
}
