namespace Candor.Imaging;

/// <summary>
/// A planar float image: one <see cref="float"/> array per channel, rows top to bottom, values on the
/// 0–255 scale of 8-bit images (so an 8-bit pixel converts without a multiply, and a transform may go
/// briefly out of range before <see cref="ToRgba"/> clamps). Channels are R, G, B (3), R, G, B, A (4)
/// or a single grey/luma plane (1). This is the buffer every transform and the watermark work on.
/// </summary>
public sealed class FloatImage
{
    /// <summary>Wraps existing planes (each of length <paramref name="width"/> × <paramref name="height"/>).</summary>
    public FloatImage(int width, int height, float[][] planes)
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image dimensions must be positive.");
        if (planes.Length is not (1 or 3 or 4)) throw new ArgumentException("An image has 1, 3 or 4 channels.", nameof(planes));
        var size = checked(width * height);
        foreach (var plane in planes)
            if (plane is null || plane.Length != size) throw new ArgumentException("Plane size does not match dimensions.", nameof(planes));
        Width = width;
        Height = height;
        Planes = planes;
    }

    /// <summary>A black image with <paramref name="channels"/> channels.</summary>
    public FloatImage(int width, int height, int channels)
        : this(width, height, NewPlanes(width, height, channels))
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The channel planes, row-major, <see cref="Width"/> × <see cref="Height"/> each.</summary>
    public float[][] Planes { get; }

    /// <summary>Number of channels (1, 3 or 4).</summary>
    public int Channels => Planes.Length;

    /// <summary>True for a 4-channel image (the last plane is alpha).</summary>
    public bool HasAlpha => Planes.Length == 4;

    /// <summary>Pixels per plane.</summary>
    public int PixelCount => Width * Height;

    /// <summary>Converts interleaved 8-bit RGBA to planes: 4 channels when the source has alpha, otherwise 3.</summary>
    public static FloatImage FromRgba(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var channels = image.HasAlpha ? 4 : 3;
        var result = new FloatImage(image.Width, image.Height, channels);
        var src = image.Pixels;
        var n = result.PixelCount;
        for (var c = 0; c < channels; c++)
        {
            var plane = result.Planes[c];
            for (int i = 0, j = c; i < n; i++, j += 4) plane[i] = src[j];
        }
        return result;
    }

    /// <summary>
    /// Rounds to the nearest 8-bit value, clamped to 0–255, interleaved as RGBA (grey is copied to R, G and B;
    /// alpha is 255 when the image has none).
    /// </summary>
    public RgbaImage ToRgba()
    {
        var n = PixelCount;
        var dst = new byte[checked(n * 4)];
        for (var c = 0; c < 4; c++)
        {
            var plane = c < 3 ? Planes[Channels == 1 ? 0 : c] : HasAlpha ? Planes[3] : null;
            for (int i = 0, j = c; i < n; i++, j += 4)
                dst[j] = plane is null ? (byte)255 : ToByte(plane[i]);
        }
        return new RgbaImage(Width, Height, dst, HasAlpha);
    }

    /// <summary>A deep copy.</summary>
    public FloatImage Clone()
    {
        var planes = new float[Planes.Length][];
        for (var c = 0; c < planes.Length; c++) planes[c] = (float[])Planes[c].Clone();
        return new FloatImage(Width, Height, planes);
    }

    /// <summary>Rounds half away from zero and clamps to 0–255.</summary>
    public static byte ToByte(float value) =>
        value <= 0f ? (byte)0 : value >= 255f ? (byte)255 : (byte)(value + 0.5f);

    private static float[][] NewPlanes(int width, int height, int channels)
    {
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), "An image has 1, 3 or 4 channels.");
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image dimensions must be positive.");
        var size = checked(width * height);
        var planes = new float[channels][];
        for (var c = 0; c < channels; c++) planes[c] = new float[size];
        return planes;
    }
}
