using System.Diagnostics;
using Candor.Consent;
using Candor.Datasets;
using Candor.FileSystem;

namespace Candor.Curation;

/// <summary>
/// Filters a data set for one use: every item that a lookup (a registry, site signals) or a signal embedded in its
/// image forbids for that use is dropped, and everything else is written back in the same format — Parquet with the
/// same schema, columns, key-value metadata and row groups (values copied, not converted); CSV, TSV and JSON Lines
/// records byte for byte; WebDataset tars with every member of each kept sample. The output folder mirrors the data
/// set's shard names; each shard is written through a temporary file and a rename, and the input is only read. A bad
/// row or a broken shard is reported in the audit and skipped, never fatal; a lookup that fails stops the run (the items
/// left could not be checked) with the reason in the audit. The audit is written into the output folder as
/// <see cref="AuditJsonName"/> and <see cref="AuditMarkdownName"/>.
/// </summary>
/// <example>
/// <code>
/// using var registry = new RegistryClient(new Uri("https://consent.example.org/"), apiKey);
/// var report = await new ConsentFilter([registry]).RunAsync("laion400m-meta/", "filtered/");
/// Console.WriteLine($"{report.Kept} kept, {report.Dropped} dropped");
/// </code>
/// </example>
public sealed class ConsentFilter
{
    /// <summary>The JSON audit's file name in the output folder.</summary>
    public const string AuditJsonName = "consent-filter.json";

    /// <summary>The Markdown audit's file name in the output folder.</summary>
    public const string AuditMarkdownName = "consent-filter.md";

    private readonly IReadOnlyList<IConsentLookup> _lookups;

    /// <summary>A filter that checks items against <paramref name="lookups"/> (each one asked about every item) with <paramref name="options"/> (defaults when null).</summary>
    public ConsentFilter(IEnumerable<IConsentLookup> lookups, ConsentFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        _lookups = [.. lookups];
        if (_lookups.Any(l => l is null)) throw new ArgumentException("A lookup is null.", nameof(lookups));
        Options = options ?? new ConsentFilterOptions();
        if (Options.SamplesPerReason is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(options), "SamplesPerReason must be 0 to 100.");
    }

    /// <summary>The options in force.</summary>
    public ConsentFilterOptions Options { get; }

    /// <summary>
    /// Filters the data set at <paramref name="dataset"/> (anything <see cref="Dataset.Open"/> reads) into the folder
    /// <paramref name="output"/> (created when missing; files in it with the shards' names are replaced) and writes the audit there.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="dataset"/>.</exception>
    /// <exception cref="CandorFormatException">Nothing there is a data set Candor reads.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is the data set's own folder.</exception>
    /// <exception cref="IOException">The output folder cannot be created or the audit cannot be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; shards finished before it stay written and the audit says where it stopped.</exception>
    public Task<ConsentFilterReport> RunAsync(string dataset, string output, IProgress<ConsentFilterProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentException.ThrowIfNullOrEmpty(output);
        return Task.Run(() => Run(dataset, output, progress, ct), ct);
    }

    private ConsentFilterReport Run(string dataset, string output, IProgress<ConsentFilterProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var data = Dataset.Open(dataset, ct);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset));
        var root = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (string.Equals(root, target, StringComparison.Ordinal))
            throw new ArgumentException($"the output folder {target} is the data set's own folder: give another one (the input is never modified)", nameof(output));
        Directory.CreateDirectory(target);

        var audit = new FilterAudit(Options);
        var decider = new ItemDecider(_lookups, Options.Use);
        var shards = new List<ConsentFilterShard>();
        long items = 0, dropped = 0;
        string? stopped = null;
        try
        {
            foreach (var shard in data.Shards)
            {
                ct.ThrowIfCancellationRequested();
                var name = Path.GetRelativePath(root, shard.Path);
                long before = items, droppedBefore = dropped;
                var job = new ShardJob(shard, name, decider, audit, Options, j =>
                {
                    progress?.Report(new ConsentFilterProgress(shards.Count, data.Shards.Count, j.Name, before + j.Items, droppedBefore + j.Dropped));
                });
                var result = FilterShard(job, Path.Combine(target, name), ct, out var lookupFailure);
                shards.Add(result);
                if (result.Written)
                {
                    audit.Merge(job.Audit);
                    items += result.Items;
                    dropped += result.Dropped;
                }
                progress?.Report(new ConsentFilterProgress(shards.Count, data.Shards.Count, name, items, dropped));
                if (lookupFailure is not null)
                {
                    stopped = $"a lookup failed in {name}: {lookupFailure}; {data.Shards.Count - shards.Count} shards after it were not read";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            stopped = $"cancelled after {shards.Count} of {data.Shards.Count} shards";
            WriteAudit(Report(data, full, target, shards, audit, stopped, clock.Elapsed), target);
            throw;
        }
        var report = Report(data, full, target, shards, audit, stopped, clock.Elapsed);
        WriteAudit(report, target);
        return report;
    }

    private ConsentFilterReport Report(Dataset data, string dataset, string target, List<ConsentFilterShard> shards, FilterAudit audit, string? stopped, TimeSpan elapsed) => new()
    {
        Dataset = dataset,
        Output = target,
        Use = Options.Use,
        Lookups = [.. _lookups.Select(l => l.ToString() ?? l.GetType().Name)],
        Embedded = Options.Embedded is { } e && data.Shards.Any(s => s.Format == DatasetFormat.WebDataset) ? e.ToString() : null,
        Shards = [.. shards],
        Reasons = audit.Reasons(),
        Problems = audit.Problems(),
        ProblemCount = audit.ProblemCount,
        Stopped = stopped,
        Elapsed = elapsed,
    };

    private static void WriteAudit(ConsentFilterReport report, string target)
    {
        AtomicFile.WriteAllBytes(Path.Combine(target, AuditJsonName), System.Text.Encoding.UTF8.GetBytes(report.ToJson() + "\n"));
        AtomicFile.WriteAllBytes(Path.Combine(target, AuditMarkdownName), System.Text.Encoding.UTF8.GetBytes(report.ToMarkdown()));
    }

    /// <summary>Filters one shard into <paramref name="path"/>; a shard that cannot be read or written is reported and skipped.</summary>
    private static ConsentFilterShard FilterShard(ShardJob job, string path, CancellationToken ct, out string? lookupFailure)
    {
        lookupFailure = null;
        string? problem = null;
        try
        {
            if (string.Equals(Path.GetFullPath(path), Path.GetFullPath(job.Shard.Path), StringComparison.Ordinal))
                throw new IOException("the output file would be the input file");
            Action<ShardJob, Stream, CancellationToken> filter = job.Shard.Format switch
            {
                DatasetFormat.Parquet => ParquetShardFilter.Run,
                DatasetFormat.Csv or DatasetFormat.Tsv or DatasetFormat.JsonLines => TextShardFilter.Run,
                DatasetFormat.WebDataset => TarShardFilter.Run,
                _ => throw new NotSupportedException("image folders are not filtered: only Parquet, CSV, TSV, JSON Lines and WebDataset tars are"),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, stream => filter(job, stream, ct));
        }
        catch (LookupFailedException e)
        {
            lookupFailure = e.Message;
            problem = $"not written: a lookup failed ({e.Message})";
        }
        catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException or InvalidDataException
                                      or NotSupportedException or Parquet.ParquetException or FormatException or ArgumentException
                                      or IndexOutOfRangeException or OverflowException or InvalidOperationException or InvalidCastException)
        {
            problem = $"not written: {(e is CandorFormatException f ? f.Describe() : e.Message)}";
        }
        if (problem is null) return new ConsentFilterShard(job.Name, job.Shard.Format, true, job.Items, job.Kept, job.Dropped, job.Unreadable, null);
        job.Problem(null, problem);
        return new ConsentFilterShard(job.Name, job.Shard.Format, false, 0, 0, 0, 0, problem);
    }
}
