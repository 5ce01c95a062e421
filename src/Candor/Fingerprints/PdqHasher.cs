using System.Buffers;
using Candor.Imaging;

namespace Candor.Fingerprints;

/// <summary>
/// Computes PDQ hashes (Meta's ThreatExchange perceptual hash), bit for bit as the C++ reference does. The file
/// methods follow the reference's own pipeline (<c>pdqHash256FromFile</c>): decode without the EXIF orientation, resize
/// anything over 512 pixels on a side to 512 × 512 by nearest neighbour, drop alpha, take float luma. The image methods
/// hash the pixels as given. Thread-safe; working buffers are pooled, so a call allocates little beyond the decoder's.
/// </summary>
public static class PdqHasher
{
    /// <summary>
    /// Hashes with a quality below this are not worth keeping: Meta's recommended discard threshold is quality ≤ 49
    /// (<c>pdq/README.md</c>).
    /// </summary>
    public const int LowQuality = 50;

    /// <summary>Meta's recommended starting threshold for a match: two hashes within this many bits (≤ 31) show the same image.</summary>
    public const int MatchDistance = 31;

    /// <summary>Hashes <paramref name="image"/> as given (no resize; alpha ignored; a 1-channel image is the luma itself).</summary>
    public static PdqResult Hash(FloatImage image) => Hash(PdqLuma.FromImage(image));

    /// <summary>Hashes the image file at <paramref name="path"/> (PNG, JPEG or WebP) by the reference's file pipeline.</summary>
    /// <exception cref="CandorFormatException">The file is not an image Candor decodes, or is corrupt, truncated or too large.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static PdqResult HashFile(string path) => Hash(PdqLuma.FromFile(path));

    /// <summary>Hashes an encoded image held in memory (PNG, JPEG or WebP bytes) by the same pipeline as <see cref="HashFile"/>.</summary>
    /// <exception cref="CandorFormatException">The bytes are not an image Candor decodes, or are corrupt, truncated or too large.</exception>
    public static PdqResult HashEncoded(ReadOnlySpan<byte> encoded) => Hash(PdqLuma.FromEncoded(encoded));

    /// <summary>The eight dihedral hashes of <paramref name="image"/> as given (see <see cref="PdqDihedral"/>).</summary>
    public static PdqDihedral HashDihedral(FloatImage image) => Dihedral(PdqLuma.FromImage(image));

    /// <summary>The eight dihedral hashes of the image file at <paramref name="path"/>, by the reference's file pipeline.</summary>
    /// <exception cref="CandorFormatException">The file is not an image Candor decodes, or is corrupt, truncated or too large.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static PdqDihedral HashFileDihedral(string path) => Dihedral(PdqLuma.FromFile(path));

    /// <summary>The eight dihedral hashes of an encoded image held in memory, by the reference's file pipeline.</summary>
    /// <exception cref="CandorFormatException">The bytes are not an image Candor decodes, or are corrupt, truncated or too large.</exception>
    public static PdqDihedral HashEncodedDihedral(ReadOnlySpan<byte> encoded) => Dihedral(PdqLuma.FromEncoded(encoded));

    private static PdqResult Hash(PdqLuma.Plane luma)
    {
        try
        {
            if (luma.Height < PdqEngine.MinDimension || luma.Width < PdqEngine.MinDimension) return new PdqResult(default, 0);
            Span<float> dct = stackalloc float[256];
            var quality = PdqEngine.Transform(luma.Pixels, luma.Height, luma.Width, skipFilterAt64: true, dct);
            return new PdqResult(PdqEngine.ToHash(dct), quality);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma.Pixels);
        }
    }

    private static PdqDihedral Dihedral(PdqLuma.Plane luma)
    {
        try
        {
            if (luma.Height < PdqEngine.MinDimension || luma.Width < PdqEngine.MinDimension)
                return new PdqDihedral(default, default, default, default, default, default, default, default, 0);
            Span<float> dct = stackalloc float[256];
            Span<float> turned = stackalloc float[256];
            var quality = PdqEngine.Transform(luma.Pixels, luma.Height, luma.Width, skipFilterAt64: false, dct);
            Span<PdqHash> hashes = stackalloc PdqHash[8];
            for (var v = 0; v < 8; v++)
            {
                PdqEngine.Dihedral(dct, v, turned);
                hashes[v] = PdqEngine.ToHash(turned);
            }
            return new PdqDihedral(hashes[0], hashes[1], hashes[2], hashes[3], hashes[4], hashes[5], hashes[6], hashes[7], quality);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma.Pixels);
        }
    }
}
