using System.Numerics;
using System.Runtime.InteropServices;

namespace Candor.Imaging;

/// <summary>
/// A 1-D resampling or convolution as a table: output sample <c>o</c> is the weighted sum of the <see cref="Count"/>[o]
/// input samples starting at <see cref="Start"/>[o], with weights <see cref="Values"/>[o × <see cref="Stride"/> + k].
/// Windows never leave the input (edge taps are folded onto the edge samples), so the passes need no bounds logic.
/// The horizontal pass runs along rows; the vertical pass combines whole rows and runs on <see cref="Vector{T}"/>.
/// </summary>
internal sealed class SeparableWeights
{
    private SeparableWeights(int outputSize, int taps)
    {
        // Rows of weights are padded with zeros to whole vectors so the horizontal pass can load full vectors.
        var lanes = Vector<float>.Count;
        var stride = (taps + lanes - 1) / lanes * lanes;
        OutputSize = outputSize;
        Stride = stride;
        Start = new int[outputSize];
        Count = new int[outputSize];
        Values = new float[outputSize * stride];
    }

    public int OutputSize { get; }
    public int Stride { get; }
    public int[] Start { get; }
    public int[] Count { get; }
    public float[] Values { get; }

    /// <summary>
    /// PIL-style resampling from <paramref name="inputSize"/> to <paramref name="outputSize"/> samples: output centre
    /// (o + ½)·scale, the kernel widened by the scale when shrinking (so it also low-passes), weights normalised to 1.
    /// </summary>
    public static SeparableWeights ForResize(int inputSize, int outputSize, ResizeFilter filter)
    {
        var scale = (double)inputSize / outputSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = (filter == ResizeFilter.Lanczos3 ? 3.0 : 1.0) * filterScale;
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var table = new SeparableWeights(outputSize, taps);
        var stride = table.Stride;
        var w = new double[taps];
        for (var o = 0; o < outputSize; o++)
        {
            var centre = (o + 0.5) * scale;
            var min = Math.Max((int)Math.Floor(centre - support + 0.5), 0);
            var max = Math.Min((int)Math.Floor(centre + support + 0.5), inputSize);
            var count = Math.Max(max - min, 1);
            min = Math.Min(min, inputSize - count);
            var sum = 0.0;
            for (var k = 0; k < count; k++)
            {
                var x = (min + k - centre + 0.5) / filterScale;
                w[k] = filter == ResizeFilter.Lanczos3 ? Lanczos3(x) : Math.Max(0, 1 - Math.Abs(x));
                sum += w[k];
            }
            table.Start[o] = min;
            table.Count[o] = count;
            for (var k = 0; k < count; k++) table.Values[o * stride + k] = (float)(sum != 0 ? w[k] / sum : k == 0 ? 1 : 0);
        }
        return table;
    }

    /// <summary>Convolution of <paramref name="size"/> samples with a symmetric <paramref name="kernel"/> (length 2r + 1), edges clamped.</summary>
    public static SeparableWeights ForConvolution(int size, float[] kernel)
    {
        var radius = kernel.Length / 2;
        var table = new SeparableWeights(size, Math.Min(kernel.Length, size));
        for (var o = 0; o < size; o++)
        {
            var first = Math.Max(o - radius, 0);
            var last = Math.Min(o + radius, size - 1);
            table.Start[o] = first;
            table.Count[o] = last - first + 1;
            var row = table.Values.AsSpan(o * table.Stride);
            for (var k = -radius; k <= radius; k++)
                row[Math.Clamp(o + k, 0, size - 1) - first] += kernel[k + radius];
        }
        return table;
    }

    /// <summary>
    /// Applies the table along each of the <paramref name="height"/> rows of <paramref name="source"/> (width = input size).
    /// Each output is a dot product of whole vectors: the row is copied into a buffer with <see cref="Stride"/> zeros after it,
    /// so a window's padded length never reads past the buffer, and the padding weights are zero.
    /// </summary>
    public float[] Horizontal(float[] source, int width, int height)
    {
        var output = GC.AllocateUninitializedArray<float>(OutputSize * height);
        var lanes = Vector<float>.Count;
        var buffer = new float[width + Stride];
        ref var row = ref MemoryMarshal.GetArrayDataReference(buffer);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(Values);
        var chunks = Stride / lanes;
        for (var y = 0; y < height; y++)
        {
            Array.Copy(source, y * width, buffer, 0, width);
            var target = output.AsSpan(y * OutputSize, OutputSize);
            for (var o = 0; o < target.Length; o++)
            {
                var start = (nuint)Start[o];
                var at = (nuint)(o * Stride);
                var sum = Vector.LoadUnsafe(ref row, start) * Vector.LoadUnsafe(ref weights, at);
                for (var j = 1; j < chunks; j++)
                {
                    var step = (nuint)(j * lanes);
                    sum += Vector.LoadUnsafe(ref row, start + step) * Vector.LoadUnsafe(ref weights, at + step);
                }
                target[o] = Vector.Sum(sum);
            }
        }
        return output;
    }

    /// <summary>Applies the table down the columns of <paramref name="source"/> (<paramref name="width"/> wide, input-size rows).</summary>
    public float[] Vertical(float[] source, int width)
    {
        var output = GC.AllocateUninitializedArray<float>(OutputSize * width);
        var lanes = Vector<float>.Count;
        for (var o = 0; o < OutputSize; o++)
        {
            var start = Start[o];
            var count = Count[o];
            var weights = Values.AsSpan(o * Stride, count);
            var target = output.AsSpan(o * width, width);
            var x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                ref var first = ref MemoryMarshal.GetArrayDataReference(source);
                for (; x + lanes <= width; x += lanes)
                {
                    var sum = Vector<float>.Zero;
                    var at = (nuint)(start * width + x);
                    for (var k = 0; k < count; k++, at += (nuint)width)
                        sum += Vector.LoadUnsafe(ref first, at) * weights[k];
                    sum.CopyTo(target[x..]);
                }
            }
            for (; x < width; x++)
            {
                var sum = 0f;
                for (var k = 0; k < count; k++) sum += source[(start + k) * width + x] * weights[k];
                target[x] = sum;
            }
        }
        return output;
    }

    private static double Lanczos3(double x)
    {
        if (x == 0) return 1;
        if (x <= -3 || x >= 3) return 0;
        var px = Math.PI * x;
        return 3 * Math.Sin(px) * Math.Sin(px / 3) / (px * px);
    }
}
