namespace Candor.Imaging;

/// <summary>
/// The eight exact pixel permutations of a rectangle (rotations by multiples of 90° and mirrors), shared by
/// <see cref="Orientation"/> and <see cref="Transforms"/>. Each is a gather: output pixel (x, y) reads source pixel
/// (x0 + x·dxx + y·dxy, y0 + x·dyx + y·dyy) in source coordinates.
/// </summary>
internal static class Dihedral
{
    /// <summary>Rotates counter-clockwise by <paramref name="quarterTurns"/> × 90° (any integer; taken modulo 4).</summary>
    public static FloatImage RotateCounterClockwise(FloatImage image, int quarterTurns)
    {
        int w = image.Width - 1, h = image.Height - 1;
        return (((quarterTurns % 4) + 4) % 4) switch
        {
            0 => image.Clone(),
            // Output (x, y) of a 90° CCW turn shows source (w − y, x).
            1 => Gather(image, swap: true, x0: w, dxx: 0, dxy: -1, y0: 0, dyx: 1, dyy: 0),
            2 => Gather(image, swap: false, x0: w, dxx: -1, dxy: 0, y0: h, dyx: 0, dyy: -1),
            _ => Gather(image, swap: true, x0: 0, dxx: 0, dxy: 1, y0: h, dyx: -1, dyy: 0),
        };
    }

    /// <summary>Mirrors left to right.</summary>
    public static FloatImage FlipHorizontal(FloatImage image) =>
        Gather(image, swap: false, x0: image.Width - 1, dxx: -1, dxy: 0, y0: 0, dyx: 0, dyy: 1);

    /// <summary>Mirrors top to bottom.</summary>
    public static FloatImage FlipVertical(FloatImage image) =>
        Gather(image, swap: false, x0: 0, dxx: 1, dxy: 0, y0: image.Height - 1, dyx: 0, dyy: -1);

    /// <summary>Mirrors along the main diagonal: output (x, y) = source (y, x).</summary>
    public static FloatImage Transpose(FloatImage image) =>
        Gather(image, swap: true, x0: 0, dxx: 0, dxy: 1, y0: 0, dyx: 1, dyy: 0);

    /// <summary>Mirrors along the anti-diagonal: output (x, y) = source (w − 1 − y, h − 1 − x).</summary>
    public static FloatImage Transverse(FloatImage image) =>
        Gather(image, swap: true, x0: image.Width - 1, dxx: 0, dxy: -1, y0: image.Height - 1, dyx: -1, dyy: 0);

    private static FloatImage Gather(FloatImage image, bool swap, int x0, int dxx, int dxy, int y0, int dyx, int dyy)
    {
        var width = swap ? image.Height : image.Width;
        var height = swap ? image.Width : image.Height;
        var result = new FloatImage(width, height, image.Channels);
        var sourceWidth = image.Width;
        for (var c = 0; c < image.Channels; c++)
        {
            var src = image.Planes[c];
            var dst = result.Planes[c];
            for (var y = 0; y < height; y++)
            {
                var sx = x0 + y * dxy;
                var sy = y0 + y * dyy;
                var at = sy * sourceWidth + sx;
                var step = dyx * sourceWidth + dxx;
                var row = y * width;
                for (var x = 0; x < width; x++, at += step) dst[row + x] = src[at];
            }
        }
        return result;
    }
}
