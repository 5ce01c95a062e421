using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Candor.Cryptography;

/// <summary>
/// An element of GF(2^255 − 19) in five 51-bit limbs (value = Σ limb[i]·2^(51·i)), for the Ed25519 verifier.
/// Every operation returns limbs below 2^52, so sums of two and products (through 128-bit intermediates) never
/// overflow; <see cref="ToBytes"/> gives the canonical (fully reduced) encoding. Not constant-time: it only ever
/// sees public data (keys, signatures, hashes).
/// </summary>
internal readonly struct Field25519
{
    private const ulong Mask = (1UL << 51) - 1;

    // 4p limb by limb, added before a subtraction so that no limb goes negative (operands are below 2^52).
    private const ulong FourP0 = 4 * ((1UL << 51) - 19), FourP = 4 * Mask;

    private readonly ulong _l0, _l1, _l2, _l3, _l4;

    private Field25519(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        _l0 = l0;
        _l1 = l1;
        _l2 = l2;
        _l3 = l3;
        _l4 = l4;
    }

    public static Field25519 Zero => default;

    public static Field25519 One => new(1, 0, 0, 0, 0);

    /// <summary>A small non-negative integer.</summary>
    public static Field25519 From(uint value) => new(value, 0, 0, 0, 0);

    /// <summary>The low 255 bits of a 32-byte little-endian number (bit 255 is ignored; the result may be ≥ p, reduced).</summary>
    public static Field25519 FromBytes(ReadOnlySpan<byte> bytes)
    {
        var w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        var w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        var w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        return new Field25519(
            w0 & Mask,
            (w0 >> 51 | w1 << 13) & Mask,
            (w1 >> 38 | w2 << 26) & Mask,
            (w2 >> 25 | w3 << 39) & Mask,
            w3 >> 12 & Mask);
    }

    /// <summary>The canonical 32-byte little-endian encoding (value reduced below p; bit 255 clear).</summary>
    public void ToBytes(Span<byte> output)
    {
        // Carry twice so every limb is below 2^51 and the value below 2^255 + 19·2^…, then subtract p once if needed:
        // q = 1 exactly when value + 19 ≥ 2^255, that is value ≥ p.
        var t = Carry(_l0, _l1, _l2, _l3, _l4);
        t = Carry(t._l0, t._l1, t._l2, t._l3, t._l4);
        var q = (t._l0 + 19) >> 51;
        q = (t._l1 + q) >> 51;
        q = (t._l2 + q) >> 51;
        q = (t._l3 + q) >> 51;
        q = (t._l4 + q) >> 51;
        var l0 = t._l0 + 19 * q;
        var l1 = t._l1 + (l0 >> 51);
        l0 &= Mask;
        var l2 = t._l2 + (l1 >> 51);
        l1 &= Mask;
        var l3 = t._l3 + (l2 >> 51);
        l2 &= Mask;
        var l4 = t._l4 + (l3 >> 51);
        l3 &= Mask;
        l4 &= Mask;
        BinaryPrimitives.WriteUInt64LittleEndian(output, l0 | l1 << 51);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], l1 >> 13 | l2 << 38);
        BinaryPrimitives.WriteUInt64LittleEndian(output[16..], l2 >> 26 | l3 << 25);
        BinaryPrimitives.WriteUInt64LittleEndian(output[24..], l3 >> 39 | l4 << 12);
    }

    /// <summary>True when the value is 0 mod p.</summary>
    public bool IsZero
    {
        get
        {
            Span<byte> bytes = stackalloc byte[32];
            ToBytes(bytes);
            return !bytes.ContainsAnyExcept((byte)0);
        }
    }

    /// <summary>True when the canonical value is odd (the "sign" of x in RFC 8032's point encoding).</summary>
    public bool IsOdd
    {
        get
        {
            Span<byte> bytes = stackalloc byte[32];
            ToBytes(bytes);
            return (bytes[0] & 1) != 0;
        }
    }

    public static Field25519 operator +(Field25519 a, Field25519 b) =>
        Carry(a._l0 + b._l0, a._l1 + b._l1, a._l2 + b._l2, a._l3 + b._l3, a._l4 + b._l4);

    public static Field25519 operator -(Field25519 a, Field25519 b) =>
        Carry(a._l0 + FourP0 - b._l0, a._l1 + FourP - b._l1, a._l2 + FourP - b._l2, a._l3 + FourP - b._l3, a._l4 + FourP - b._l4);

    public static Field25519 operator -(Field25519 a) => Zero - a;

    public static Field25519 operator *(Field25519 a, Field25519 b)
    {
        // Schoolbook product; a limb product at position i + j ≥ 5 wraps around as 2^255 = 19 (mod p).
        ulong b1 = b._l1 * 19, b2 = b._l2 * 19, b3 = b._l3 * 19, b4 = b._l4 * 19;
        var r0 = Mul(a._l0, b._l0) + Mul(a._l1, b4) + Mul(a._l2, b3) + Mul(a._l3, b2) + Mul(a._l4, b1);
        var r1 = Mul(a._l0, b._l1) + Mul(a._l1, b._l0) + Mul(a._l2, b4) + Mul(a._l3, b3) + Mul(a._l4, b2);
        var r2 = Mul(a._l0, b._l2) + Mul(a._l1, b._l1) + Mul(a._l2, b._l0) + Mul(a._l3, b4) + Mul(a._l4, b3);
        var r3 = Mul(a._l0, b._l3) + Mul(a._l1, b._l2) + Mul(a._l2, b._l1) + Mul(a._l3, b._l0) + Mul(a._l4, b4);
        var r4 = Mul(a._l0, b._l4) + Mul(a._l1, b._l3) + Mul(a._l2, b._l2) + Mul(a._l3, b._l1) + Mul(a._l4, b._l0);
        r1 += (ulong)(r0 >> 51);
        r2 += (ulong)(r1 >> 51);
        r3 += (ulong)(r2 >> 51);
        r4 += (ulong)(r3 >> 51);
        var l0 = ((ulong)r0 & Mask) + (ulong)(r4 >> 51) * 19;
        return new Field25519(l0 & Mask, ((ulong)r1 & Mask) + (l0 >> 51), (ulong)r2 & Mask, (ulong)r3 & Mask, (ulong)r4 & Mask);
    }

    /// <summary>The value raised to the power of a 32-byte little-endian exponent (square and multiply).</summary>
    public Field25519 Pow(ReadOnlySpan<byte> exponent)
    {
        var result = One;
        for (var bit = exponent.Length * 8 - 1; bit >= 0; bit--)
        {
            result *= result;
            if ((exponent[bit >> 3] >> (bit & 7) & 1) != 0) result *= this;
        }
        return result;
    }

    /// <summary>1 / value (value^(p − 2)); zero stays zero.</summary>
    public Field25519 Invert() => Pow(PMinusTwo);

    // p − 2 = 2^255 − 21, little-endian.
    private static ReadOnlySpan<byte> PMinusTwo =>
    [
        0xEB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 Mul(ulong a, ulong b) => new(Math.BigMul(a, b, out var low), low);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Field25519 Carry(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4)
    {
        l1 += l0 >> 51;
        l0 &= Mask;
        l2 += l1 >> 51;
        l1 &= Mask;
        l3 += l2 >> 51;
        l2 &= Mask;
        l4 += l3 >> 51;
        l3 &= Mask;
        l0 += (l4 >> 51) * 19;
        l4 &= Mask;
        l1 += l0 >> 51;
        l0 &= Mask;
        return new Field25519(l0, l1, l2, l3, l4);
    }
}
