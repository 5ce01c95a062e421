using System.Numerics;

namespace Candor.Index;

/// <summary>
/// A 256-bit binary code (a PDQ hash) as four 64-bit words. Bit <c>k</c> of the code is bit <c>k % 64</c> of word
/// <c>k / 64</c>; <see cref="HammingIndex"/> cuts the code into sixteen 16-bit chunks in that order.
/// </summary>
/// <param name="W0">Bits 0–63.</param>
/// <param name="W1">Bits 64–127.</param>
/// <param name="W2">Bits 128–191.</param>
/// <param name="W3">Bits 192–255.</param>
public readonly record struct HammingCode(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>The number of bits in which this code and <paramref name="other"/> differ (0–256).</summary>
    public int DistanceTo(in HammingCode other) =>
        BitOperations.PopCount(W0 ^ other.W0) + BitOperations.PopCount(W1 ^ other.W1)
        + BitOperations.PopCount(W2 ^ other.W2) + BitOperations.PopCount(W3 ^ other.W3);

    /// <summary>The code stored at <paramref name="index"/> in <paramref name="codes"/> (four words per code).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The span holds no code at <paramref name="index"/>.</exception>
    public static HammingCode At(ReadOnlySpan<ulong> codes, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, codes.Length / 4 - 1);
        var w = codes.Slice(index * 4, 4);
        return new HammingCode(w[0], w[1], w[2], w[3]);
    }
}
