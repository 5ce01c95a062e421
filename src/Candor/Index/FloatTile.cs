using System.Runtime.Intrinsics;

namespace Candor.Index;

/// <summary>
/// Dot products of four single-float vectors with many single-float rows, two rows at a time, so that each load of a
/// vector or a row feeds several fused multiply-adds: the k-means assignment of <see cref="IvfIndexBuilder"/>, where
/// every vector meets every centroid.
/// </summary>
internal static unsafe class FloatTile
{
    /// <summary>
    /// scores[p × count + r] = Σᵢ points[p × dimensions + i] × rows[r × dimensions + i] for the four points p and the
    /// <paramref name="count"/> rows r.
    /// </summary>
    internal static void Scores(float* points, float* rows, int count, int dimensions, float* scores)
    {
        var r = 0;
        if (Vector512.IsHardwareAccelerated && dimensions >= 16)
            for (; r + 2 <= count; r += 2) Tile512(points, rows + (long)r * dimensions, dimensions, scores + r, count);
        else if (Vector256.IsHardwareAccelerated && dimensions >= 8)
            for (; r + 2 <= count; r += 2) Tile256(points, rows + (long)r * dimensions, dimensions, scores + r, count);
        for (; r < count; r++)
            for (var p = 0; p < 4; p++) scores[p * count + r] = Tail(points + p * dimensions, rows + (long)r * dimensions, 0, dimensions);
    }

    private static float Tail(float* a, float* b, int from, int dimensions)
    {
        var sum = 0f;
        for (var i = from; i < dimensions; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Tile512(float* points, float* rows, int dimensions, float* scores, int stride)
    {
        float* p0 = points, p1 = p0 + dimensions, p2 = p1 + dimensions, p3 = p2 + dimensions, r0 = rows, r1 = rows + dimensions;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        var i = 0;
        for (; i + 16 <= dimensions; i += 16)
        {
            var c0 = Vector512.Load(r0 + i);
            var c1 = Vector512.Load(r1 + i);
            var v = Vector512.Load(p0 + i);
            a00 = Vector512.FusedMultiplyAdd(v, c0, a00);
            a01 = Vector512.FusedMultiplyAdd(v, c1, a01);
            v = Vector512.Load(p1 + i);
            a10 = Vector512.FusedMultiplyAdd(v, c0, a10);
            a11 = Vector512.FusedMultiplyAdd(v, c1, a11);
            v = Vector512.Load(p2 + i);
            a20 = Vector512.FusedMultiplyAdd(v, c0, a20);
            a21 = Vector512.FusedMultiplyAdd(v, c1, a21);
            v = Vector512.Load(p3 + i);
            a30 = Vector512.FusedMultiplyAdd(v, c0, a30);
            a31 = Vector512.FusedMultiplyAdd(v, c1, a31);
        }
        scores[0] = Vector512.Sum(a00) + Tail(p0, r0, i, dimensions);
        scores[1] = Vector512.Sum(a01) + Tail(p0, r1, i, dimensions);
        scores[stride] = Vector512.Sum(a10) + Tail(p1, r0, i, dimensions);
        scores[stride + 1] = Vector512.Sum(a11) + Tail(p1, r1, i, dimensions);
        scores[2 * stride] = Vector512.Sum(a20) + Tail(p2, r0, i, dimensions);
        scores[2 * stride + 1] = Vector512.Sum(a21) + Tail(p2, r1, i, dimensions);
        scores[3 * stride] = Vector512.Sum(a30) + Tail(p3, r0, i, dimensions);
        scores[3 * stride + 1] = Vector512.Sum(a31) + Tail(p3, r1, i, dimensions);
    }

    private static void Tile256(float* points, float* rows, int dimensions, float* scores, int stride)
    {
        float* p0 = points, p1 = p0 + dimensions, p2 = p1 + dimensions, p3 = p2 + dimensions, r0 = rows, r1 = rows + dimensions;
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        var i = 0;
        for (; i + 8 <= dimensions; i += 8)
        {
            var c0 = Vector256.Load(r0 + i);
            var c1 = Vector256.Load(r1 + i);
            var v = Vector256.Load(p0 + i);
            a00 = Vector256.FusedMultiplyAdd(v, c0, a00);
            a01 = Vector256.FusedMultiplyAdd(v, c1, a01);
            v = Vector256.Load(p1 + i);
            a10 = Vector256.FusedMultiplyAdd(v, c0, a10);
            a11 = Vector256.FusedMultiplyAdd(v, c1, a11);
            v = Vector256.Load(p2 + i);
            a20 = Vector256.FusedMultiplyAdd(v, c0, a20);
            a21 = Vector256.FusedMultiplyAdd(v, c1, a21);
            v = Vector256.Load(p3 + i);
            a30 = Vector256.FusedMultiplyAdd(v, c0, a30);
            a31 = Vector256.FusedMultiplyAdd(v, c1, a31);
        }
        scores[0] = Vector256.Sum(a00) + Tail(p0, r0, i, dimensions);
        scores[1] = Vector256.Sum(a01) + Tail(p0, r1, i, dimensions);
        scores[stride] = Vector256.Sum(a10) + Tail(p1, r0, i, dimensions);
        scores[stride + 1] = Vector256.Sum(a11) + Tail(p1, r1, i, dimensions);
        scores[2 * stride] = Vector256.Sum(a20) + Tail(p2, r0, i, dimensions);
        scores[2 * stride + 1] = Vector256.Sum(a21) + Tail(p2, r1, i, dimensions);
        scores[3 * stride] = Vector256.Sum(a30) + Tail(p3, r0, i, dimensions);
        scores[3 * stride + 1] = Vector256.Sum(a31) + Tail(p3, r1, i, dimensions);
    }
}
