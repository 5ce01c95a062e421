namespace Candor.Watermark;

/// <summary>
/// A candidate placement of the watermark tile in an image: the tile's x and y edges as vectors in
/// image pixels (a 2×2 linear map, which captures scale, rotation, aspect change and flips).
/// Translation is found later, by the pilot search.
/// </summary>
internal readonly record struct Lattice(double Ax, double Ay, double Bx, double By)
{
    public static Lattice Identity { get; } = new(TileLayout.Tile, 0, 0, TileLayout.Tile);

    public double Determinant => Ax * By - Ay * Bx;

    public Lattice Scale(double factor) => new(Ax * factor, Ay * factor, Bx * factor, By * factor);

    /// <summary>True when the two lattices are within <paramref name="tolerance"/> (relative) of each other.</summary>
    public bool Near(Lattice other, double tolerance)
    {
        var size = Math.Sqrt(Math.Abs(Determinant));
        var d = Math.Abs(Ax - other.Ax) + Math.Abs(Ay - other.Ay) + Math.Abs(Bx - other.Bx) + Math.Abs(By - other.By);
        return d < tolerance * size;
    }

    /// <summary>
    /// How far apart, in tile pixels, this lattice and <paramref name="other"/> fold a point of a <paramref name="width"/> ×
    /// <paramref name="height"/> image, at worst (a corner, measured from the centre: the pilot search finds the offset).
    /// Below about half a pixel the two folds are the same.
    /// </summary>
    public double Drift(Lattice other, int width, int height)
    {
        const int t = TileLayout.Tile;
        double d = Determinant, e = other.Determinant;
        double m00 = t * (By / d - other.By / e), m01 = t * (-Bx / d + other.Bx / e);
        double m10 = t * (-Ay / d + other.Ay / e), m11 = t * (Ax / d - other.Ax / e);
        double hx = width / 2.0, hy = height / 2.0, worst = 0;
        foreach (var (x, y) in new[] { (hx, hy), (hx, -hy) })
            worst = Math.Max(worst, Math.Sqrt(Math.Pow(m00 * x + m01 * y, 2) + Math.Pow(m10 * x + m11 * y, 2)));
        return worst;
    }

    /// <summary>Period along each edge and the rotation of the A edge, for reports.</summary>
    public (double PeriodA, double PeriodB, double RotationDegrees) Describe() =>
        (Math.Sqrt(Ax * Ax + Ay * Ay), Math.Sqrt(Bx * Bx + By * By), Math.Atan2(Ay, Ax) * 180 / Math.PI);
}
