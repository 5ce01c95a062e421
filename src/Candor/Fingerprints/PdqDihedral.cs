namespace Candor.Fingerprints;

/// <summary>
/// The PDQ hashes of an image and of its seven rotations and mirrors, all computed from the one downsample by sign
/// changes and transposition of the DCT (the reference's <c>pdqDihedralHash256esFromFloatLuma</c>), with the names
/// and order the reference prints them in (<c>pdq-photo-hasher --pdqdih</c>). To find a mirrored or rotated copy,
/// query an index with all eight.
/// </summary>
/// <param name="Original">"orig": the image as it is.</param>
/// <param name="Rotate90">"rot90": the image turned a quarter turn counter-clockwise.</param>
/// <param name="Rotate180">"rot180": the image turned upside down.</param>
/// <param name="Rotate270">"rot270": the image turned a quarter turn clockwise.</param>
/// <param name="FlipX">"flipx": mirrored top to bottom (reflected in the horizontal axis).</param>
/// <param name="FlipY">"flipy": mirrored left to right (reflected in the vertical axis).</param>
/// <param name="FlipPlus1">"flipplus1": mirrored in the main diagonal (transposed).</param>
/// <param name="FlipMinus1">"flipminus1": mirrored in the anti-diagonal.</param>
/// <param name="Quality">The quality score, shared by all eight (see <see cref="PdqResult.Quality"/>).</param>
public sealed record PdqDihedral(
    PdqHash Original, PdqHash Rotate90, PdqHash Rotate180, PdqHash Rotate270,
    PdqHash FlipX, PdqHash FlipY, PdqHash FlipPlus1, PdqHash FlipMinus1, int Quality)
{
    /// <summary>The reference's names of the eight variants, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"];

    /// <summary>The eight hashes in the reference's order: orig, rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1.</summary>
    public IReadOnlyList<PdqHash> All => [Original, Rotate90, Rotate180, Rotate270, FlipX, FlipY, FlipPlus1, FlipMinus1];

    /// <summary>The original hash with its quality.</summary>
    public PdqResult Result => new(Original, Quality);

    /// <summary>The smallest distance from <paramref name="hash"/> to any of the eight: how close it is to some rotation or mirror of this image.</summary>
    public int DistanceTo(PdqHash hash)
    {
        var best = PdqHash.Bits;
        foreach (var h in All) best = Math.Min(best, h.DistanceTo(hash));
        return best;
    }
}
