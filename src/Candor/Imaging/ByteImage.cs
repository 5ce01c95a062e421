namespace Candor.Imaging;

/// <summary>
/// A planar 8-bit image: one byte array per channel, rows top to bottom, in the channel layout of <see cref="FloatImage"/>
/// (1 grey, 3 RGB, 4 RGBA). A quarter of the memory of a <see cref="FloatImage"/>, for keeping many decoded images around.
/// </summary>
public sealed class ByteImage
{
    /// <summary>Wraps existing planes (each of length <paramref name="width"/> × <paramref name="height"/>).</summary>
    public ByteImage(int width, int height, byte[][] planes)
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

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The channel planes, row-major.</summary>
    public byte[][] Planes { get; }

    /// <summary>Number of channels (1, 3 or 4).</summary>
    public int Channels => Planes.Length;

    /// <summary>Rounds and clamps every sample with <see cref="FloatImage.ToByte"/>.</summary>
    public static ByteImage FromFloat(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var planes = new byte[image.Channels][];
        for (var c = 0; c < planes.Length; c++)
        {
            var src = image.Planes[c];
            var dst = planes[c] = new byte[src.Length];
            for (var i = 0; i < src.Length; i++) dst[i] = FloatImage.ToByte(src[i]);
        }
        return new ByteImage(image.Width, image.Height, planes);
    }

    /// <summary>The same samples as floats (exact: every byte is representable).</summary>
    public FloatImage ToFloat()
    {
        var planes = new float[Channels][];
        for (var c = 0; c < planes.Length; c++)
        {
            var src = Planes[c];
            var dst = planes[c] = new float[src.Length];
            for (var i = 0; i < src.Length; i++) dst[i] = src[i];
        }
        return new FloatImage(Width, Height, planes);
    }
}
