namespace Candor.Watermark;

/// <summary>
/// The rate-1/3, constraint-length-7 convolutional code with generators 133, 145, 175 (octal) —
/// the code of 3GPP's control channels — terminated with six zero tail bits, and its soft-decision
/// Viterbi decoder. Soft inputs are correlations: positive means 1, negative means 0, magnitude
/// is confidence.
/// </summary>
internal static class ConvolutionalCode
{
    private const int Constraint = 7;
    private const int States = 1 << (Constraint - 1);
    private static readonly int[] Generators = [0b1011011, 0b1100101, 0b1111101];

    /// <summary>Coded length for <paramref name="infoBits"/> information bits.</summary>
    public static int CodedLength(int infoBits) => (infoBits + Constraint - 1) * Generators.Length;

    public static bool[] Encode(ReadOnlySpan<bool> info)
    {
        var output = new bool[CodedLength(info.Length)];
        var register = 0;
        var o = 0;
        for (var i = 0; i < info.Length + Constraint - 1; i++)
        {
            var bit = i < info.Length && info[i] ? 1 : 0;
            register = ((register << 1) | bit) & ((1 << Constraint) - 1);
            foreach (var g in Generators) output[o++] = (System.Numerics.BitOperations.PopCount((uint)(register & g)) & 1) == 1;
        }
        return output;
    }

    /// <summary>Maximum-likelihood information bits for soft coded values (length <see cref="CodedLength"/>).</summary>
    public static bool[] Decode(ReadOnlySpan<float> soft, int infoBits)
    {
        var steps = infoBits + Constraint - 1;
        if (soft.Length != steps * Generators.Length) throw new ArgumentException("Soft input length does not match the code.", nameof(soft));
        // Branch outputs for each (state, input bit): state holds the last 6 input bits.
        var metric = new float[States];
        var next = new float[States];
        Array.Fill(metric, float.NegativeInfinity);
        metric[0] = 0;
        var survivors = new byte[steps, States];
        for (var t = 0; t < steps; t++)
        {
            Array.Fill(next, float.NegativeInfinity);
            var maxBit = t < infoBits ? 1 : 0;
            for (var state = 0; state < States; state++)
            {
                var m = metric[state];
                if (float.IsNegativeInfinity(m)) continue;
                for (var bit = 0; bit <= maxBit; bit++)
                {
                    var register = (state << 1) | bit;
                    var gain = 0f;
                    for (var g = 0; g < Generators.Length; g++)
                    {
                        var s = soft[t * Generators.Length + g];
                        gain += (System.Numerics.BitOperations.PopCount((uint)(register & Generators[g])) & 1) == 1 ? s : -s;
                    }
                    var target = register & (States - 1);
                    var candidate = m + gain;
                    if (candidate > next[target])
                    {
                        next[target] = candidate;
                        survivors[t, target] = (byte)(state >> (Constraint - 2)); // the bit shifted out
                    }
                }
            }
            (metric, next) = (next, metric);
        }
        var bits = new bool[infoBits];
        var current = 0; // terminated: ends in state 0
        for (var t = steps - 1; t >= 0; t--)
        {
            var input = current & 1;
            if (t < infoBits) bits[t] = input == 1;
            current = (current >> 1) | (survivors[t, current] << (Constraint - 2));
        }
        return bits;
    }
}
