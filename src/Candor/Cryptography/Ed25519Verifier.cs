using System.Numerics;
using System.Security.Cryptography;

namespace Candor.Cryptography;

/// <summary>
/// Ed25519 signature verification (RFC 8032 §5.1.7) that streams the message through .NET's
/// native SHA-512. Candor verifies signatures over multi-megabyte messages (NovelAI signs every
/// pixel), where hashing dominates: a managed SHA-512 made that the slowest step of an inspect.
/// The curve arithmetic is a few hundred point operations on 255-bit numbers and costs little.
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
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger D2 = Mod(2 * D);
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point BasePoint = Decode(Encoded(Mod(4 * Inverse(5)), xOdd: false))!.Value;

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
        var check = Add(MultiplyBoth(BasePoint, s, Negate(a), h), Negate(r));
        return IsIdentity(TimesEight(check));
    }

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    private static BigInteger Mod(BigInteger v)
    {
        var r = v % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger Inverse(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);

    // Unified addition in extended coordinates (RFC 8032 §5.1.4); also used for doubling.
    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(p.T * D2 % P * q.T);
        var d = Mod(2 * p.Z * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    // [a]P + [b]Q with one shared chain of doublings (Shamir's trick): half the doublings of two
    // separate multiplications.
    private static Point MultiplyBoth(Point p, BigInteger a, Point q, BigInteger b)
    {
        var pq = Add(p, q);
        var result = new Point(0, 1, 1, 0);
        for (var bit = (int)Math.Max(a.GetBitLength(), b.GetBitLength()) - 1; bit >= 0; bit--)
        {
            result = Add(result, result);
            var takeA = !(a >> bit).IsEven;
            var takeB = !(b >> bit).IsEven;
            if (takeA && takeB) result = Add(result, pq);
            else if (takeA) result = Add(result, p);
            else if (takeB) result = Add(result, q);
        }
        return result;
    }

    private static Point Negate(Point p) => new(Mod(-p.X), p.Y, p.Z, Mod(-p.T));

    private static Point TimesEight(Point p)
    {
        for (var i = 0; i < 3; i++) p = Add(p, p);
        return p;
    }

    // The eight points of small order are exactly those that [8] sends to the identity.
    private static bool IsSmallOrder(Point p) => IsIdentity(TimesEight(p));

    // In extended coordinates the identity is (0 : Z : Z : 0).
    private static bool IsIdentity(Point p) => Mod(p.X).IsZero && Mod(p.Y - p.Z).IsZero;

    private static byte[] Encoded(BigInteger y, bool xOdd)
    {
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        if (xOdd) bytes[31] |= 0x80;
        return bytes;
    }

    // Point decoding (RFC 8032 §5.1.3): recover x from y and the sign bit.
    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        var xOdd = (yBytes[31] & 0x80) != 0;
        yBytes[31] &= 0x7F;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        if (y >= P) return null;
        var y2 = Mod(y * y);
        var u = Mod(y2 - 1);
        var v = Mod(D * y2 + 1);
        var v3 = Mod(v * v % P * v);
        var x = Mod(u * v3 % P * BigInteger.ModPow(Mod(u * v3 % P * v3 % P * v), (P - 5) / 8, P));
        var vx2 = Mod(v * x % P * x);
        if (vx2 != u)
        {
            if (vx2 != Mod(-u)) return null;
            x = Mod(x * SqrtMinusOne);
        }
        if (x.IsZero && xOdd) return null;
        if (!x.IsEven != xOdd) x = P - x;
        return new Point(x, y, 1, Mod(x * y));
    }
}
