namespace Candor.Tests.Index;

/// <summary>Unit vectors drawn around random cluster centres, the shape image embeddings have; fixed by a seed.</summary>
internal static class ClusteredVectors
{
    /// <summary>
    /// <paramref name="count"/> vectors (row after row) of the distribution fixed by <paramref name="seed"/>,
    /// starting at its <paramref name="skip"/>-th draw, so that queries can be held-out points of the same data.
    /// </summary>
    public static float[] Make(int count, int dimensions, int clusters, int seed, int skip = 0)
    {
        var centres = new Random(seed);
        var centre = new float[clusters * dimensions];
        for (var i = 0; i < centre.Length; i++) centre[i] = (float)Gaussian(centres);
        var vectors = new float[count * dimensions];
        for (var row = 0; row < count; row++)
        {
            var draw = new Random(unchecked(seed * 1_000_003 + row + skip));
            var c = draw.Next(clusters);
            var v = vectors.AsSpan(row * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++) v[d] = centre[c * dimensions + d] + 0.6f * (float)Gaussian(draw);
            var norm = MathF.Sqrt(Dot(v, v));
            for (var d = 0; d < dimensions; d++) v[d] /= norm;
        }
        return vectors;
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
