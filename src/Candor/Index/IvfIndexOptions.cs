namespace Candor.Index;

/// <summary>How an <see cref="IvfIndexBuilder"/> partitions vectors and how an <see cref="IvfIndex"/> searches them.</summary>
/// <param name="Lists">
/// Number of k-means lists (cells); 0 chooses √N from the expected count given to <see cref="IvfIndexBuilder.Train"/>
/// (1,000 at 1M: recall@10 0.98 at 1 probe and 0.999 at 2 on the benchmark; 2,000 lists needed 4 probes for 0.998 and
/// four times the training). More lists make each probe cheaper but a query's neighbours spread over more of them.
/// </param>
/// <param name="Probes">Lists scanned per search (nprobe) when <see cref="IvfIndex.Search"/> is not given a number; trades speed for recall. Default 4: twice what reached about 0.999 recall@10 on both 1M benchmark sets, as a margin for less cleanly clustered embeddings.</param>
/// <param name="TrainingSample">Vectors k-means trains on; 0 for 64 per list (all of them when there are fewer).</param>
/// <param name="Iterations">Rounds of k-means (assign every sample vector to its nearest centroid, move each centroid to its vectors' mean direction).</param>
/// <param name="Seed">Seed of the sample and of the initial centroids, so that a build is repeatable.</param>
/// <param name="Threads">Threads for training and adding; 0 for every core.</param>
public sealed record IvfIndexOptions(int Lists = 0, int Probes = 4, int TrainingSample = 0, int Iterations = 10, int Seed = 42, int Threads = 0)
{
    /// <summary>The largest number of lists accepted.</summary>
    public const int MaxLists = 1 << 20;

    /// <summary>The number of lists for <paramref name="count"/> vectors: <see cref="Lists"/> when set, else √count (at least 1).</summary>
    public int ListsFor(long count) => Lists > 0 ? Lists : (int)Math.Clamp(Math.Round(Math.Sqrt(count)), 1, MaxLists);

    /// <summary>The number of sample vectors to train on for <paramref name="count"/> vectors.</summary>
    public int SampleFor(long count) => (int)Math.Min(count, TrainingSample > 0 ? TrainingSample : Math.Min(int.MaxValue / 2, 64L * ListsFor(count)));

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Lists, nameof(Lists));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Lists, MaxLists, nameof(Lists));
        ArgumentOutOfRangeException.ThrowIfLessThan(Probes, 1, nameof(Probes));
        ArgumentOutOfRangeException.ThrowIfNegative(TrainingSample, nameof(TrainingSample));
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 0, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Iterations, 1000, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, nameof(Threads));
    }
}
