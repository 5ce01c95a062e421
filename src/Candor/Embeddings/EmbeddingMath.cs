namespace Candor.Embeddings;

/// <summary>Pooling and normalisation shared by the encoders.</summary>
public static class EmbeddingMath
{
    /// <summary>Scales <paramref name="vector"/> to unit length in place (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (var v in vector) sum += (double)v * v;
        if (sum == 0) return;
        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++) vector[i] *= scale;
    }

    /// <summary>
    /// One vector from the <paramref name="tokens"/> × <paramref name="width"/> block of one input: the mean of the rows
    /// whose <paramref name="mask"/> is non-zero (all rows when there is no mask), the first row, or row
    /// <paramref name="last"/> (the end-of-text token).
    /// </summary>
    public static float[] Pool(ReadOnlySpan<float> block, int tokens, int width, TokenPooling pooling, ReadOnlySpan<long> mask, int last)
    {
        var result = new float[width];
        switch (pooling)
        {
            case TokenPooling.Cls:
                block[..width].CopyTo(result);
                break;
            case TokenPooling.Eot:
                block.Slice(last * width, width).CopyTo(result);
                break;
            case TokenPooling.Mean:
                var sums = new double[width];
                var count = 0;
                for (var t = 0; t < tokens; t++)
                {
                    if (!mask.IsEmpty && mask[t] == 0) continue;
                    count++;
                    var row = block.Slice(t * width, width);
                    for (var i = 0; i < width; i++) sums[i] += row[i];
                }
                for (var i = 0; i < width; i++) result[i] = (float)(sums[i] / Math.Max(count, 1));
                break;
            default:
                block[..width].CopyTo(result);
                break;
        }
        return result;
    }
}
