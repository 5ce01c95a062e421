using System.Numerics;

namespace Candor.Index;

/// <summary>
/// How a radius search over sixteen 16-bit chunks is done: each chunk's probe radius, the early-reject bound on a
/// chunk and its ring neighbour, and whether a flat scan is cheaper.
/// </summary>
/// <remarks>
/// The ring form of the pigeonhole principle (Qin and Xiao, "Pigeonring", VLDB 2019): let the code's distance to the
/// query be split over the chunks as b₀..b₁₅ with Σb ≤ r, and pick integers t₀..t₁₅ ≥ −1 with Σ(tₖ+1) = r+1. Then
/// some chunk i starts a run around the ring in which every prefix stays within its share: b_i ≤ t_i,
/// b_i + b_{i+1} ≤ t_i + t_{i+1} + 1, and so on. (Take cₖ = bₖ − tₖ − 1, whose sum is negative, and start just after
/// the last maximum of its prefix sums.) The index uses the first two prefixes: it probes every bucket of chunk i
/// within t_i of the query's chunk, and rejects a posting whose stored neighbour chunk breaks the second bound before
/// reading its code. An item is reported only from the first chunk whose two bounds it meets, so no set is needed to
/// remove duplicates.
/// </remarks>
internal sealed class HammingPlan
{
    private HammingPlan(int radius, int[] thresholds, bool flat)
    {
        Radius = radius;
        Thresholds = thresholds;
        Flat = flat;
    }

    /// <summary>The search radius.</summary>
    public int Radius { get; }

    /// <summary>tₖ for each chunk: probe every bucket within tₖ of the query's chunk; −1 means the chunk is not probed.</summary>
    public int[] Thresholds { get; }

    /// <summary>True when scanning every code is expected to be cheaper than probing.</summary>
    public bool Flat { get; }

    // Costs in nanoseconds measured on the bench machine at 10M codes (bench/hamming-vs-faiss.sh): a bucket probe
    // (two offset reads, one cache miss), a posting's neighbour test (SIMD, streamed), a candidate's code read
    // (a cache miss), and one code of a flat scan (streamed).
    private const double ProbeCost = 150, PostingCost = 0.5, CandidateCost = 150, FlatCost = 3;

    /// <summary>The plan for <paramref name="radius"/> over <paramref name="count"/> codes.</summary>
    public static HammingPlan For(int radius, long count)
    {
        var thresholds = new int[HammingIndexLayout.Chunks];
        var shares = radius + 1;
        for (var k = 0; k < thresholds.Length; k++)
            thresholds[k] = Math.Min(HammingIndexLayout.ChunkBits, shares / thresholds.Length + (k < shares % thresholds.Length ? 1 : 0) - 1);
        var flat = radius >= HammingIndexLayout.Chunks * (HammingIndexLayout.ChunkBits + 1) - 1 || MihCost(thresholds, count) > count * FlatCost;
        return new HammingPlan(radius, thresholds, flat);
    }

    /// <summary>Whether a code whose chunk distances are <paramref name="chunkDistances"/> passes both bounds at chunk <paramref name="chunk"/>.</summary>
    public bool Passes(ReadOnlySpan<int> chunkDistances, int chunk)
    {
        var next = (chunk + 1) & (HammingIndexLayout.Chunks - 1);
        return chunkDistances[chunk] <= Thresholds[chunk]
            && chunkDistances[chunk] + chunkDistances[next] <= Thresholds[chunk] + Thresholds[next] + 1;
    }

    /// <summary>The first chunk at which a code with chunk distances <paramref name="chunkDistances"/> passes (the one that reports it).</summary>
    public int FirstPassing(ReadOnlySpan<int> chunkDistances)
    {
        for (var k = 0; k < HammingIndexLayout.Chunks; k++)
            if (Passes(chunkDistances, k)) return k;
        return -1;
    }

    /// <summary>Expected cost of the probing search for uniformly random codes.</summary>
    private static double MihCost(int[] t, long count)
    {
        double probes = 0, postings = 0, candidates = 0;
        var perBucket = count / (double)HammingIndexLayout.Buckets;
        for (var k = 0; k < t.Length; k++)
        {
            var next = t[(k + 1) % t.Length];
            for (var b = 0; b <= t[k]; b++)
            {
                var buckets = Binomial(HammingIndexLayout.ChunkBits, b);
                probes += buckets;
                postings += buckets * perBucket;
                candidates += buckets * perBucket * AtMost(t[k] + next + 1 - b);
            }
        }
        return probes * ProbeCost + postings * PostingCost + candidates * CandidateCost;
    }

    /// <summary>The share of 16-bit values within <paramref name="d"/> bits of a given one.</summary>
    private static double AtMost(int d)
    {
        double within = 0;
        for (var i = 0; i <= Math.Min(d, HammingIndexLayout.ChunkBits); i++) within += Binomial(HammingIndexLayout.ChunkBits, i);
        return within / HammingIndexLayout.Buckets;
    }

    private static double Binomial(int n, int k)
    {
        double c = 1;
        for (var i = 0; i < k; i++) c = c * (n - i) / (i + 1);
        return c;
    }

    /// <summary>The 65536 16-bit masks ordered by the number of bits set; masks of weight ≤ w are the first <see cref="UpToWeight"/>[w].</summary>
    public static ushort[] MasksByWeight { get; } = Enumerable.Range(0, HammingIndexLayout.Buckets)
        .OrderBy(m => BitOperations.PopCount((uint)m)).ThenBy(m => m).Select(m => (ushort)m).ToArray();

    /// <summary>How many masks have at most w bits set, for w = 0..16.</summary>
    public static int[] UpToWeight { get; } = Enumerable.Range(0, HammingIndexLayout.ChunkBits + 1)
        .Select(w => Enumerable.Range(0, w + 1).Sum(i => (int)Binomial(HammingIndexLayout.ChunkBits, i))).ToArray();
}
