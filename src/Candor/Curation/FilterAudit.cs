using Candor.Consent;
using Candor.Datasets;

namespace Candor.Curation;

/// <summary>Counts decisions by reason with a few samples each, and collects problems, for <see cref="ConsentFilterReport"/>. Thread-safe.</summary>
internal sealed class FilterAudit(ConsentFilterOptions options)
{
    private const int MaxProblems = 1_000;
    private readonly Dictionary<(bool Dropped, ConsentVerdict Verdict, string Signal, string Detail), Group> _groups = [];
    private readonly List<DatasetProblem> _problems = [];
    private long _problemCount;

    private sealed class Group
    {
        public long Count;
        public readonly List<ConsentFilterSample> Samples = [];
    }

    public long ProblemCount => Interlocked.Read(ref _problemCount);

    public void Problem(DatasetProblem problem)
    {
        lock (_problems)
        {
            _problemCount++;
            if (_problems.Count < MaxProblems) _problems.Add(problem);
        }
    }

    /// <summary>Counts one batch's decisions (<paramref name="decisions"/>[i] for <paramref name="items"/>[i]).</summary>
    public void Count(string shard, IReadOnlyList<FilterItem> items, IReadOnlyList<ConsentDecision> decisions)
    {
        lock (_groups)
        {
            Group? last = null;
            ConsentDecision? lastDecision = null;
            for (var i = 0; i < items.Count; i++)
            {
                var d = decisions[i];
                // Lookups commonly hand out one shared decision for every item they know nothing about.
                var group = ReferenceEquals(d, lastDecision) ? last! : Find(d);
                group.Count++;
                if (group.Samples.Count < options.SamplesPerReason)
                    group.Samples.Add(new ConsentFilterSample(shard, items[i].Row, items[i].Key, items[i].Url));
                last = group;
                lastDecision = d;
            }
        }
    }

    private Group Find(ConsentDecision d)
    {
        var deciding = d.Verdict == ConsentVerdict.NotStated ? null : d.Evidence.FirstOrDefault(e => e.Verdict == d.Verdict);
        var key = (d.Verdict == ConsentVerdict.Forbidden, d.Verdict, deciding?.Signal ?? "", deciding?.Detail ?? d.Reason);
        if (_groups.TryGetValue(key, out var group)) return group;
        if (_groups.Count >= options.MaxReasons)
        {
            key = (key.Item1, d.Verdict, "", "other reasons (too many distinct reasons to list each)");
            if (_groups.TryGetValue(key, out group)) return group;
        }
        return _groups[key] = new Group();
    }

    /// <summary>Adds the counts and samples of <paramref name="other"/> (a shard's own audit) to this one.</summary>
    public void Merge(FilterAudit other)
    {
        lock (_groups)
            lock (other._groups)
                foreach (var (key, theirs) in other._groups)
                {
                    var k = key;
                    if (!_groups.TryGetValue(k, out var mine))
                    {
                        if (_groups.Count >= options.MaxReasons) k = (k.Dropped, k.Verdict, "", "other reasons (too many distinct reasons to list each)");
                        if (!_groups.TryGetValue(k, out mine)) _groups[k] = mine = new Group();
                    }
                    mine.Count += theirs.Count;
                    foreach (var s in theirs.Samples)
                        if (mine.Samples.Count < options.SamplesPerReason) mine.Samples.Add(s);
                }
    }

    public IReadOnlyList<ConsentFilterReason> Reasons()
    {
        lock (_groups)
            return [.. _groups
                .Select(g => new ConsentFilterReason(g.Key.Verdict, g.Key.Signal, g.Key.Detail, g.Key.Dropped, g.Value.Count, [.. g.Value.Samples]))
                .OrderByDescending(r => r.Dropped).ThenByDescending(r => r.Count).ThenBy(r => r.Detail, StringComparer.Ordinal)];
    }

    public IReadOnlyList<DatasetProblem> Problems()
    {
        lock (_problems) return [.. _problems];
    }
}
