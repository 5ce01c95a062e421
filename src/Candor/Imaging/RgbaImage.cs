namespace Candor.Imaging;

/// <summary>
/// An 8-bit RGBA image, rows top to bottom, 4 bytes per pixel. Decoders reduce higher bit depths
/// to 8 bits the way PIL's <c>convert("RGBA")</c> does (most significant byte), because the
/// hidden-metadata readers that Candor must agree with were written against PIL.
/// </summary>
public sealed class RgbaImage
{
    /// <summary>Wraps <paramref name="pixels"/> (length must be width × height × 4).</summary>
    public RgbaImage(int width, int height, byte[] pixels, bool hasAlpha)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image dimensions must be positive.");
        if (pixels.Length != checked(width * height * 4)) throw new ArgumentException("Pixel buffer size does not match dimensions.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        HasAlpha = hasAlpha;
    }

    /// <summary>Width in pixels; always positive.</summary>
    public int Width { get; }

    /// <summary>Height in pixels (the number of rows); always positive.</summary>
    public int Height { get; }

    /// <summary>RGBA bytes, row-major.</summary>
    public byte[] Pixels { get; }
    /// <summary>True when the source had an alpha channel (or tRNS); false means alpha is all 255.</summary>
    public bool HasAlpha { get; }

    /// <summary>Index of the red byte of pixel (x, y).</summary>
    public int IndexOf(int x, int y) => (y * Width + x) * 4;
}
