using System.Numerics;
using System.Security.Cryptography;

namespace Candor.Tests.Cryptography;

/// <summary>
/// Textbook edwards25519 arithmetic (affine, BigInteger) for building the edge cases of the Ed25519
/// tests: small-order and mixed-order points, non-canonical encodings, signatures with a chosen R.
/// Slow and not constant-time; never used outside the tests.
/// </summary>
internal static class Edwards25519
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));

    public readonly record struct Point(BigInteger X, BigInteger Y);

    public static readonly Point Identity = new(0, 1);
    public static readonly Point Base = Decode(EncodeY(Mod(4 * Inverse(5)), xOdd: false))!.Value;

    public static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;

    private static BigInteger Inverse(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);

    public static Point Add(Point a, Point b)
    {
        var t = Mod(D * a.X * b.X * a.Y * b.Y);
        return new(Mod((a.X * b.Y + a.Y * b.X) * Inverse(1 + t)), Mod((a.Y * b.Y + a.X * b.X) * Inverse(1 - t)));
    }

    public static Point Multiply(BigInteger k, Point p)
    {
        var result = Identity;
        for (var bit = (int)k.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = Add(result, result);
            if (!(k >> bit).IsEven) result = Add(result, p);
        }
        return result;
    }

    public static byte[] Encode(Point p) => EncodeY(p.Y, !p.X.IsEven);

    /// <summary>y (which may be ≥ p: a non-canonical encoding) little-endian with the sign bit of x.</summary>
    public static byte[] EncodeY(BigInteger y, bool xOdd)
    {
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        if (xOdd) bytes[31] |= 0x80;
        return bytes;
    }

    /// <summary>The point with this y (reduced mod p) and sign, or null when there is none.</summary>
    public static Point? Decode(byte[] encoded)
    {
        var bytes = (byte[])encoded.Clone();
        var xOdd = (bytes[31] & 0x80) != 0;
        bytes[31] &= 0x7F;
        var y = Mod(new BigInteger(bytes, isUnsigned: true, isBigEndian: false));
        var x2 = Mod((y * y - 1) * Inverse(D * y * y + 1));
        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod(x * x - x2) != 0) x = Mod(x * BigInteger.ModPow(2, (P - 1) / 4, P));
        if (Mod(x * x - x2) != 0) return null;
        if (x.IsZero && xOdd) return null;
        if (!x.IsEven != xOdd) x = P - x;
        return new Point(x, y);
    }

    /// <summary>The eight points of order dividing 8, found as [L]Q for points Q of the full group.</summary>
    public static IReadOnlyList<Point> SmallOrderPoints()
    {
        var found = new HashSet<Point> { Identity };
        for (var y = 2; found.Count < 8; y++)
            foreach (var odd in new[] { false, true })
                if (Decode(EncodeY(y, odd)) is { } q)
                {
                    var torsion = Multiply(L, q);
                    var t = torsion;
                    for (var i = 0; i < 8; i++, t = Add(t, torsion)) found.Add(t);
                }
        return [.. found];
    }

    /// <summary>SHA-512(R ‖ A ‖ M) mod L, the Ed25519 challenge.</summary>
    public static BigInteger Challenge(byte[] r, byte[] a, byte[] message) =>
        new BigInteger(SHA512.HashData([.. r, .. a, .. message]), isUnsigned: true, isBigEndian: false) % L;

    public static byte[] Scalar(BigInteger s)
    {
        var bytes = new byte[32];
        s.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    public static BigInteger RandomScalar() => new BigInteger(RandomNumberGenerator.GetBytes(64), isUnsigned: true) % L;
}
