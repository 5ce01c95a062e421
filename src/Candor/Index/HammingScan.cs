using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Candor.Index;

/// <summary>The inner loops of <see cref="HammingIndex"/>: the neighbour-chunk test over a bucket's postings, and the scan of every code.</summary>
internal static unsafe class HammingScan
{
    /// <summary>How many postings <see cref="NearNeighbours"/> tests per call.</summary>
    public const int Lanes = 16;

    /// <summary>When false the scalar loops run even where AVX2 is present (tests compare the two).</summary>
    internal static bool UseSimd { get; set; } = Avx2.IsSupported;

    /// <summary>
    /// Tests the postings <paramref name="j"/> .. <paramref name="j"/>+15 (not past <paramref name="end"/>): bit i of
    /// the result is set when posting j+i's neighbour chunk is within <paramref name="bound"/> bits of
    /// <paramref name="query"/>. Advances <paramref name="j"/> by <see cref="Lanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NearNeighbours(ushort* neighbours, ref uint j, uint end, ushort query, int bound)
    {
        uint hits = 0;
        if (UseSimd && end - j >= Lanes)
        {
            var x = Avx.LoadVector256(neighbours + j) ^ Vector256.Create(query);
            var bytes = x.AsByte();
            var low = Vector256.Create((byte)0x0F);
            var table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
            var perByte = Avx2.Shuffle(table, bytes & low) + Avx2.Shuffle(table, Vector256.ShiftRightLogical(x, 4).AsByte() & low);
            var words = perByte.AsUInt16();
            var perWord = (words & Vector256.Create((ushort)0xFF)) + Vector256.ShiftRightLogical(words, 8);
            hits = Vector256.LessThanOrEqual(perWord, Vector256.Create((ushort)Math.Min(bound, 16))).ExtractMostSignificantBits();
        }
        else
        {
            var n = Math.Min(Lanes, end - j);
            for (var i = 0; i < n; i++)
                if (BitOperations.PopCount((uint)(neighbours[j + i] ^ query)) <= bound) hits |= 1u << i;
        }
        j += Lanes;
        return hits;
    }

    /// <summary>Adds every code of the <paramref name="count"/> at <paramref name="codes"/> within <paramref name="radius"/> of <paramref name="query"/>, with id <paramref name="firstId"/> + position.</summary>
    public static void Scan(ulong* codes, long count, in HammingCode query, int radius, long firstId, List<HammingMatch> results)
    {
        ulong q0 = query.W0, q1 = query.W1, q2 = query.W2, q3 = query.W3;
        var c = codes;
        for (long i = 0; i < count; i++, c += 4)
        {
            var d = BitOperations.PopCount(c[0] ^ q0) + BitOperations.PopCount(c[1] ^ q1) + BitOperations.PopCount(c[2] ^ q2) + BitOperations.PopCount(c[3] ^ q3);
            if (d <= radius) results.Add(new HammingMatch(firstId + i, d));
        }
    }
}
