using Candor.Imaging;

namespace Candor.Fingerprints;

/// <summary>
/// Extra PDQ hashes that let a near-duplicate search survive the two edits PDQ's whole-picture DCT does not: crops
/// and small turns. PDQ compares the layout of the whole frame, so taking 5 % off each side, or turning the picture
/// by 5° (which also blackens its corners), moves a hash by 60–100 of 256 bits, far beyond the match radius 31.
/// The fix is on both sides of the search, and neither guesses the exact edit:
/// <list type="bullet">
/// <item>an indexed picture also gets the hashes of its centre crops (<see cref="IndexCrops"/>: 90 % and 80 % of each
/// side), so a copy cut down to about that frame meets one of them;</item>
/// <item>a query is also hashed turned back by a few angles (<see cref="QueryAngles"/>), each turn cut to the largest
/// centred rectangle the turn leaves free of fill, which is itself a centre crop of the straight picture, so it meets
/// the crops of the first point.</item>
/// </list>
/// Both sides work on a copy no larger than 512 pixels (PDQ reduces to 64 × 64 anyway), so the extra hashes cost a
/// few milliseconds. docs/pdq.md gives the recall and false-match figures measured with them.
/// </summary>
public static class PdqVariants
{
    /// <summary>The centre crops an indexed picture is also hashed at, as the fraction of each side kept.</summary>
    public static IReadOnlyList<double> IndexCrops { get; } = [0.9, 0.8];

    /// <summary>The angles, in degrees, a query is also turned by before hashing (both directions).</summary>
    public static IReadOnlyList<double> QueryAngles { get; } = [-6, -4, -2, 2, 4, 6];

    private const int WorkingSide = 512;

    /// <summary>The hashes of the centre crops in <see cref="IndexCrops"/>, in that order (the picture's own hash is not included).</summary>
    public static IReadOnlyList<PdqResult> IndexHashes(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var small = Shrink(image);
        return [.. IndexCrops.Select(f => PdqHasher.Hash(CentreCrop(small, f)))];
    }

    /// <summary>
    /// The query's extra hashes: first the picture reduced like the index's crops (so a crop meets them without a
    /// second rounding), then the picture turned by each of <see cref="QueryAngles"/> and cut to a fill-free centre,
    /// in that order. The picture's own reference hash is not included.
    /// </summary>
    public static IReadOnlyList<PdqResult> QueryHashes(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var small = Shrink(image);
        var hashes = new List<PdqResult>(QueryAngles.Count + 1) { PdqHasher.Hash(small) };
        foreach (var angle in QueryAngles)
        {
            // The query may itself be a turned copy with filled corners; turning it back fills new ones. Keep the centre
            // that is free of both (about the fill-free fraction squared) and snap it down to an indexed crop, so the
            // probe is framed like one of the index's hashes.
            var free = FillFreeFraction(small.Width, small.Height, angle);
            var keep = IndexCrops.Where(f => f <= free * free).DefaultIfEmpty(IndexCrops.Min()).Max();
            hashes.Add(PdqHasher.Hash(CentreCrop(Transforms.Rotate(small, angle), keep)));
        }
        return hashes;
    }

    /// <summary>
    /// The fraction of each side of a <paramref name="width"/> × <paramref name="height"/> picture that a centred
    /// rectangle of the same shape keeps when it must stay inside the picture turned by <paramref name="degrees"/>.
    /// </summary>
    public static double FillFreeFraction(int width, int height, double degrees)
    {
        var t = Math.Abs(degrees) * Math.PI / 180;
        var (c, s) = (Math.Cos(t), Math.Sin(t));
        double w = Math.Max(1, width), h = Math.Max(1, height);
        // A centred w·k × h·k rectangle lies inside the turned w × h one when both of its half-extents, projected on the
        // turned axes, stay within the turned half-sides.
        var k = Math.Min(w / (w * c + h * s), h / (w * s + h * c));
        return Math.Clamp(k, 0.05, 1);
    }

    private static FloatImage Shrink(FloatImage image)
    {
        var longest = Math.Max(image.Width, image.Height);
        if (longest <= WorkingSide) return image;
        var scale = (double)WorkingSide / longest;
        return Transforms.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
    }

    private static FloatImage CentreCrop(FloatImage image, double fraction)
    {
        if (fraction >= 1) return image;
        var w = Math.Max(1, (int)Math.Round(image.Width * fraction));
        var h = Math.Max(1, (int)Math.Round(image.Height * fraction));
        return Transforms.Crop(image, (image.Width - w) / 2, (image.Height - h) / 2, w, h);
    }
}
