using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Candor.Index;

/// <summary>
/// Dot products of a 32-bit float query with rows of 16-bit floats, for <see cref="IvfIndex"/>. The rows hold IEEE
/// half floats whose subnormals were flushed to zero when stored (<see cref="Encode"/>), so every stored value is
/// zero or normal. Such a half float, sign-extended to 32 bits, shifted left by 13 and masked, is a normal 32-bit
/// float equal to the value times 2⁻¹¹²; the query is multiplied by 2¹¹² once (<see cref="ScaleQuery"/>), so each
/// 16 or 32 components cost a widening load, a shift, an AND and a fused multiply-add, with no conversion table and
/// no F16C instruction.
/// </summary>
internal static unsafe class HalfDot
{
    /// <summary>2¹¹², the factor between a half float's value and its shifted bits read as a single float.</summary>
    internal const float Scale = 5.192296858534828e33f;

    private const int Mask = unchecked((int)0x8FFFE000);

    /// <summary>The half-float bits of <paramref name="value"/>, rounded to nearest, with magnitudes below 2⁻¹⁴ (subnormal) stored as zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort Encode(float value)
    {
        var bits = BitConverter.HalfToUInt16Bits((Half)value);
        return (bits & 0x7C00) == 0 ? (ushort)0 : bits;
    }

    /// <summary>The value of stored half-float bits.</summary>
    internal static float Decode(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>Writes <paramref name="query"/> × 2¹¹² into <paramref name="scaled"/>, the form <see cref="Scores(float*, ushort*, int, int, float*)"/> takes.</summary>
    internal static void ScaleQuery(ReadOnlySpan<float> query, Span<float> scaled)
    {
        for (var i = 0; i < query.Length; i++) scaled[i] = query[i] * Scale;
    }

    /// <summary>
    /// scores[r] = Σᵢ query[i] × row r[i] for <paramref name="count"/> rows of <paramref name="dimensions"/> half floats
    /// stored one after another at <paramref name="rows"/>; <paramref name="query"/> is scaled by <see cref="ScaleQuery"/>.
    /// </summary>
    internal static void Scores(float* query, ushort* rows, int count, int dimensions, float* scores)
    {
        var r = 0;
        if (Vector512.IsHardwareAccelerated && dimensions >= 32)
            for (; r + 4 <= count; r += 4) Four512(query, rows + (long)r * dimensions, dimensions, scores + r);
        else if (Vector256.IsHardwareAccelerated && dimensions >= 16)
            for (; r + 4 <= count; r += 4) Four256(query, rows + (long)r * dimensions, dimensions, scores + r);
        for (; r < count; r++) scores[r] = Scalar(query, rows + (long)r * dimensions, 0, dimensions);
    }

    /// <summary><see cref="Scores(float*, ushort*, int, int, float*)"/> over spans (checked lengths).</summary>
    internal static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<ushort> rows, int count, int dimensions, Span<float> scores)
    {
        if (query.Length < dimensions || rows.Length < (long)count * dimensions || scores.Length < count)
            throw new ArgumentException("the spans are shorter than count rows of the given dimensions");
        fixed (float* q = query)
        fixed (ushort* r = rows)
        fixed (float* s = scores)
            Scores(q, r, count, dimensions, s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Raw(ushort bits) => BitConverter.Int32BitsToSingle(((short)bits << 13) & Mask);

    private static float Scalar(float* query, ushort* row, int from, int dimensions)
    {
        var sum = 0f;
        for (var i = from; i < dimensions; i++) sum += query[i] * Raw(row[i]);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Bits(Vector512<int> widened) => ((widened << 13) & Vector512.Create(Mask)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bits(Vector256<int> widened) => ((widened << 13) & Vector256.Create(Mask)).AsSingle();

    /// <summary>Four rows at once, 32 components a step, two accumulators a row so that no FMA waits for the previous one.</summary>
    private static void Four512(float* query, ushort* rows, int dimensions, float* scores)
    {
        short* r0 = (short*)rows, r1 = r0 + dimensions, r2 = r1 + dimensions, r3 = r2 + dimensions;
        Vector512<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        var i = 0;
        for (; i + 32 <= dimensions; i += 32)
        {
            var q0 = Vector512.Load(query + i);
            var q1 = Vector512.Load(query + i + 16);
            var v = Vector512.Load(r0 + i);
            a0 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenLower(v)), q0, a0);
            b0 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenUpper(v)), q1, b0);
            v = Vector512.Load(r1 + i);
            a1 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenLower(v)), q0, a1);
            b1 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenUpper(v)), q1, b1);
            v = Vector512.Load(r2 + i);
            a2 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenLower(v)), q0, a2);
            b2 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenUpper(v)), q1, b2);
            v = Vector512.Load(r3 + i);
            a3 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenLower(v)), q0, a3);
            b3 = Vector512.FusedMultiplyAdd(Bits(Vector512.WidenUpper(v)), q1, b3);
        }
        scores[0] = Vector512.Sum(a0 + b0) + Scalar(query, (ushort*)r0, i, dimensions);
        scores[1] = Vector512.Sum(a1 + b1) + Scalar(query, (ushort*)r1, i, dimensions);
        scores[2] = Vector512.Sum(a2 + b2) + Scalar(query, (ushort*)r2, i, dimensions);
        scores[3] = Vector512.Sum(a3 + b3) + Scalar(query, (ushort*)r3, i, dimensions);
    }

    /// <summary><see cref="Four512"/> for processors with 256-bit vectors: 16 components a step.</summary>
    private static void Four256(float* query, ushort* rows, int dimensions, float* scores)
    {
        short* r0 = (short*)rows, r1 = r0 + dimensions, r2 = r1 + dimensions, r3 = r2 + dimensions;
        Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        var i = 0;
        for (; i + 16 <= dimensions; i += 16)
        {
            var q0 = Vector256.Load(query + i);
            var q1 = Vector256.Load(query + i + 8);
            var v = Vector256.Load(r0 + i);
            a0 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenLower(v)), q0, a0);
            b0 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenUpper(v)), q1, b0);
            v = Vector256.Load(r1 + i);
            a1 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenLower(v)), q0, a1);
            b1 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenUpper(v)), q1, b1);
            v = Vector256.Load(r2 + i);
            a2 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenLower(v)), q0, a2);
            b2 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenUpper(v)), q1, b2);
            v = Vector256.Load(r3 + i);
            a3 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenLower(v)), q0, a3);
            b3 = Vector256.FusedMultiplyAdd(Bits(Vector256.WidenUpper(v)), q1, b3);
        }
        scores[0] = Vector256.Sum(a0 + b0) + Scalar(query, (ushort*)r0, i, dimensions);
        scores[1] = Vector256.Sum(a1 + b1) + Scalar(query, (ushort*)r1, i, dimensions);
        scores[2] = Vector256.Sum(a2 + b2) + Scalar(query, (ushort*)r2, i, dimensions);
        scores[3] = Vector256.Sum(a3 + b3) + Scalar(query, (ushort*)r3, i, dimensions);
    }
}
