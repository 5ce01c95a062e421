using Candor.Datasets;

namespace Candor.Curation;

/// <summary>
/// One shard being filtered: where it comes from and goes, the decider, the shard's own audit (merged into the run's
/// only when the shard is written), and its counts. Format filters read the shard, hand items to <see cref="Decide"/>
/// in batches and write what is kept.
/// </summary>
internal sealed class ShardJob(DatasetShard shard, string name, ItemDecider decider, FilterAudit runAudit, ConsentFilterOptions options, Action<ShardJob> onBatch)
{
    public DatasetShard Shard { get; } = shard;

    /// <summary>The shard's path relative to the data set.</summary>
    public string Name { get; } = name;

    public ConsentFilterOptions Options { get; } = options;

    /// <summary>Counts of this shard only; merged into the run's audit when the shard is written.</summary>
    public FilterAudit Audit { get; } = new(options);

    public int BatchSize { get; } = Math.Clamp(options.BatchSize, 1, Consent.ConsentJson.MaxCheckItems);

    public long Items, Kept, Dropped, Unreadable;

    /// <summary>A bad row (left out of the output) or a problem of the whole shard (row null).</summary>
    public void Problem(long? row, string message)
    {
        if (row is not null) Unreadable++;
        runAudit.Problem(new DatasetProblem(Shard.Path, row, message));
    }

    /// <summary>Decides a batch; true in the result for each item to keep.</summary>
    public bool[] Decide(IReadOnlyList<FilterItem> items, CancellationToken ct)
    {
        Consent.ConsentDecision[] decisions;
        try
        {
            decisions = decider.DecideAsync(Name, items, Audit, ct).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new LookupFailedException(e);
        }
        var keep = new bool[items.Count];
        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = decisions[i].Verdict != Consent.ConsentVerdict.Forbidden;
            if (keep[i]) Kept++;
            else Dropped++;
        }
        Items += items.Count;
        onBatch(this);
        return keep;
    }
}
