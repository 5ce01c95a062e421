using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace Candor.Cryptography;

/// <summary>
/// Ed25519 signature verification (RFC 8032 §5.1.7) that streams the message through .NET's
/// native SHA-512. Candor verifies signatures over multi-megabyte messages (NovelAI signs every
/// pixel), where hashing dominates: a managed SHA-512 made that the slowest step of an inspect.
/// The curve arithmetic is a few hundred point operations on 255-bit numbers in fixed-width limbs
/// (<see cref="Field25519"/>), a few hundred microseconds.
/// </summary>
/// <remarks>
/// The verdicts are BouncyCastle's (tests/Candor.Tests/Cryptography/Ed25519VerifierTests.cs compares them on
/// RFC 8032's vectors and the known edge cases): S must be below L; R and A must be canonical encodings
/// (y &lt; p) of curve points; a public key of small order (one of the eight points with [8]A = O, which
/// would "sign" messages without a secret) is refused; and the equation is the cofactored one RFC 8032
/// §5.1.7 states first, [8][S]B = [8]R + [8][h]A, so mixed-order keys and R values are judged the same way
/// BouncyCastle judges them.
/// </remarks>
internal static class Ed25519Verifier
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", CultureInfo.InvariantCulture);
    private static readonly Field25519 D = -Field25519.From(121665) * Field25519.From(121666).Invert();
    private static readonly Field25519 D2 = D + D;
    private static readonly Field25519 SqrtMinusOne = Field25519.From(2).Pow(PMinusOneOverFour);

    // RFC 8032's base point: y = 4/5, x even.
    private static readonly Point BasePoint = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!.Value;

    private static readonly Point Identity = new(Field25519.Zero, Field25519.One, Field25519.One, Field25519.Zero);

    /// <summary>
    /// True when <paramref name="signature"/> (64 bytes: R ‖ S) is a valid Ed25519 signature by
    /// <paramref name="publicKey"/> (32 bytes) over the message that <paramref name="writeMessage"/>
    /// appends to the hash. Malformed keys or signatures are simply invalid.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature, Action<IncrementalHash> writeMessage)
    {
        if (publicKey.Length != 32 || signature.Length != 64) return false;
        if (Decode(publicKey) is not { } a || IsSmallOrder(a)) return false;
        if (Decode(signature[..32]) is not { } r) return false;
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: false);
        if (s >= L) return false;

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(signature[..32]);
        sha.AppendData(publicKey);
        writeMessage(sha);
        var h = new BigInteger(sha.GetHashAndReset(), isUnsigned: true, isBigEndian: false) % L;

        // [8]([S]B − [h]A − R) must be the identity.
        var check = Add(MultiplyBoth(BasePoint, Scalar(s), Negate(a), Scalar(h)), Negate(r));
        return IsIdentity(TimesEight(check));
    }

    private readonly record struct Point(Field25519 X, Field25519 Y, Field25519 Z, Field25519 T);

    // (p − 1) / 4 = 2^253 − 5 and (p − 5) / 8 = 2^252 − 3, little-endian.
    private static ReadOnlySpan<byte> PMinusOneOverFour =>
    [
        0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F,
    ];

    private static ReadOnlySpan<byte> PMinusFiveOverEight =>
    [
        0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
    ];

    // A scalar below 2^256 as 32 little-endian bytes, for walking its bits.
    private static byte[] Scalar(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    // Unified addition in extended coordinates (RFC 8032 §5.1.4).
    private static Point Add(Point p, Point q)
    {
        var a = (p.Y - p.X) * (q.Y - q.X);
        var b = (p.Y + p.X) * (q.Y + q.X);
        var c = p.T * D2 * q.T;
        var zz = p.Z * q.Z;
        var d = zz + zz;
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(e * f, g * h, f * g, e * h);
    }

    // Doubling in extended coordinates (RFC 8032 §5.1.4): four squarings and four products instead of Add's ten products.
    private static Point Double(Point p)
    {
        var a = p.X * p.X;
        var b = p.Y * p.Y;
        var zz = p.Z * p.Z;
        var c = zz + zz;
        var h = a + b;
        var xy = p.X + p.Y;
        var e = h - xy * xy;
        var g = a - b;
        var f = c + g;
        return new Point(e * f, g * h, f * g, e * h);
    }

    // [a]P + [b]Q with one shared chain of doublings (Shamir's trick): half the doublings of two
    // separate multiplications.
    private static Point MultiplyBoth(Point p, byte[] a, Point q, byte[] b)
    {
        var pq = Add(p, q);
        var result = Identity;
        for (var bit = 255; bit >= 0; bit--)
        {
            result = Double(result);
            var takeA = (a[bit >> 3] >> (bit & 7) & 1) != 0;
            var takeB = (b[bit >> 3] >> (bit & 7) & 1) != 0;
            if (takeA && takeB) result = Add(result, pq);
            else if (takeA) result = Add(result, p);
            else if (takeB) result = Add(result, q);
        }
        return result;
    }

    private static Point Negate(Point p) => new(-p.X, p.Y, p.Z, -p.T);

    private static Point TimesEight(Point p)
    {
        for (var i = 0; i < 3; i++) p = Double(p);
        return p;
    }

    // The eight points of small order are exactly those that [8] sends to the identity.
    private static bool IsSmallOrder(Point p) => IsIdentity(TimesEight(p));

    // In extended coordinates the identity is (0 : Z : Z : 0).
    private static bool IsIdentity(Point p) => p.X.IsZero && (p.Y - p.Z).IsZero;

    // Point decoding (RFC 8032 §5.1.3): recover x from y and the sign bit.
    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        var xOdd = (encoded[31] & 0x80) != 0;
        var y = Field25519.FromBytes(encoded);
        // y must be canonical (below p): its reduced encoding equals the 255 bits given.
        Span<byte> canonical = stackalloc byte[32];
        y.ToBytes(canonical);
        if (!canonical[..31].SequenceEqual(encoded[..31]) || canonical[31] != (encoded[31] & 0x7F)) return null;
        var y2 = y * y;
        var u = y2 - Field25519.One;
        var v = D * y2 + Field25519.One;
        var v3 = v * v * v;
        var x = u * v3 * (u * v3 * v3 * v).Pow(PMinusFiveOverEight);
        var vx2 = v * x * x;
        if (!(vx2 - u).IsZero)
        {
            if (!(vx2 + u).IsZero) return null;
            x *= SqrtMinusOne;
        }
        if (x.IsZero && xOdd) return null;
        if (x.IsOdd != xOdd) x = -x;
        return new Point(x, y, Field25519.One, x * y);
    }
}
