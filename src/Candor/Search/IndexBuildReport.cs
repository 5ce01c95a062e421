namespace Candor.Search;

/// <summary>What a build did.</summary>
/// <param name="Manifest">The folder's manifest as written at the end.</param>
/// <param name="ShardsSkipped">Shards already ingested by an earlier run (resumed or appended), not read again.</param>
/// <param name="ShardsIngested">Shards read in this run.</param>
/// <param name="ItemsAdded">Items added in this run.</param>
/// <param name="ProblemsAdded">Rows skipped in this run, with reasons in the catalogue.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record IndexBuildReport(IndexManifest Manifest, int ShardsSkipped, int ShardsIngested, long ItemsAdded, long ProblemsAdded, TimeSpan Elapsed)
{
    /// <summary>Items added per second of wall time.</summary>
    public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? ItemsAdded / Elapsed.TotalSeconds : 0;
}
