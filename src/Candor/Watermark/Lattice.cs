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

    /// <summary>Period along each edge and the rotation of the A edge, for reports.</summary>
    public (double PeriodA, double PeriodB, double RotationDegrees) Describe() =>
        (Math.Sqrt(Ax * Ax + Ay * Ay), Math.Sqrt(Bx * Bx + By * By), Math.Atan2(Ay, Ax) * 180 / Math.PI);
}
