using System.Text.Json;

namespace Candor.Datasets;

/// <summary>
/// A data set people train on — LAION-style metadata in Parquet, CSV/TSV, JSON Lines, img2dataset's WebDataset tar
/// shards, or a folder of images — opened as a list of shards that are read one record at a time. Memory stays
/// bounded by a shard's unit of reading (a Parquet row group, one CSV record, one tar sample), never by the data set.
/// Bad rows and broken shards are reported to the caller and skipped; reading never stops the batch.
/// </summary>
/// <example>
/// <code>
/// var data = Dataset.Open("laion400m-meta/");
/// foreach (var shard in data.Shards)
///     foreach (var record in data.Read(shard, problem => Console.Error.WriteLine(problem)))
///         Console.WriteLine($"{record.Key} {record.Url} {record.Caption}");
/// </code>
/// </example>
public sealed class Dataset
{
    private Dataset(string name, IReadOnlyList<DatasetShard> shards)
    {
        Name = name;
        Shards = shards;
    }

    /// <summary>
    /// Opens the data set at <paramref name="path"/>: a shard file (.parquet, .csv, .tsv, .jsonl, their .gz, a webdataset
    /// .tar) or a folder — img2dataset output (the tars are read, not the parquet beside them), LAION's
    /// metadata + img_emb + text_emb layout (embeddings attached to their shards), a folder of table files, or an
    /// image folder. Only names are looked at; shards are opened when read.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="CandorFormatException">Nothing there is a data set Candor reads (<see cref="FormatErrorKind.Unsupported"/>); the message says what was looked for.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled during a folder search.</exception>
    public static Dataset Open(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var shards = DatasetLayout.Find(path, ct);
        var trimmed = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(trimmed);
        if (File.Exists(trimmed)) name = name[..(name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? dot : name.Length)];
        return new Dataset(name, shards);
    }

    /// <summary>The data set's name: its folder's name, or the shard file's name without extensions.</summary>
    public string Name { get; }

    /// <summary>The shards in reading order; each one's <see cref="DatasetShard.Index"/> is its position here.</summary>
    public IReadOnlyList<DatasetShard> Shards { get; }

    /// <summary>
    /// The records of <paramref name="shard"/>, streamed in order. A bad row (wrong field count, invalid JSON line, a
    /// value that does not convert) goes to <paramref name="onProblem"/> with its row and is skipped (an unconvertible
    /// value is kept in <see cref="DatasetRecord.Extra"/> and the row still read); a shard that cannot be read or ends
    /// early (truncated Parquet or tar, unreadable file) goes to <paramref name="onProblem"/> once, without a row, and the
    /// enumeration ends after the records read before it. Nothing but cancellation is thrown.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public IEnumerable<DatasetRecord> Read(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(onProblem);
        return Guarded(shard, onProblem, ct);
    }

    /// <summary>
    /// The number of rows in <paramref name="shard"/> when it can be known without reading it: a Parquet file's footer,
    /// or img2dataset's <c>NNNNN_stats.json</c> ("successes") beside a tar. Null for the other formats.
    /// </summary>
    /// <exception cref="CandorFormatException">The Parquet file is truncated or not Parquet.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public long? CountRows(DatasetShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return shard.Format switch
        {
            DatasetFormat.Parquet => ParquetShardReader.CountRows(shard.Path),
            DatasetFormat.WebDataset => StatsSuccesses(shard.Path),
            _ => null,
        };
    }

    private static IEnumerable<DatasetRecord> Guarded(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        CheckEmbeddings(shard, onProblem);
        long read = 0;
        IEnumerator<DatasetRecord>? records = null;
        try
        {
            while (true)
            {
                DatasetRecord record;
                try
                {
                    records ??= Records(shard, onProblem, ct).GetEnumerator();
                    if (!records.MoveNext()) yield break;
                    record = records.Current;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    onProblem(new DatasetProblem(shard.Path, null, Describe(e, read)));
                    yield break;
                }
                read++;
                yield return record;
            }
        }
        finally
        {
            try
            {
                records?.Dispose();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                onProblem(new DatasetProblem(shard.Path, null, $"closing the shard failed: {e.Message}"));
            }
        }
    }

    /// <summary>Reports embedding files whose row count differs from the shard's (when the shard's is known) or that cannot be read.</summary>
    private static void CheckEmbeddings(DatasetShard shard, Action<DatasetProblem> onProblem)
    {
        if (shard.EmbeddingPaths.Count == 0) return;
        long? rows;
        try
        {
            rows = shard.Format == DatasetFormat.Parquet ? ParquetShardReader.CountRows(shard.Path) : null;
        }
        catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException)
        {
            return; // reading the shard reports it
        }
        foreach (var (kind, path) in shard.EmbeddingPaths)
        {
            try
            {
                using var array = NpyArray.Open(path);
                if (rows is { } n && array.Rows != n)
                    onProblem(new DatasetProblem(shard.Path, null, $"the {kind} embeddings {Path.GetFileName(path)} hold {array.Rows} rows, the shard {n}: they are not aligned"));
            }
            catch (Exception e) when (e is CandorFormatException or IOException or UnauthorizedAccessException)
            {
                var why = e is CandorFormatException f ? f.Describe() : e.Message;
                onProblem(new DatasetProblem(shard.Path, null, $"the {kind} embeddings {Path.GetFileName(path)} cannot be read: {why}"));
            }
        }
    }

    private static IEnumerable<DatasetRecord> Records(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct) => shard.Format switch
    {
        DatasetFormat.Parquet => ParquetShardReader.Read(shard, onProblem, ct),
        DatasetFormat.Csv => DelimitedShardReader.Read(shard, ',', onProblem, ct),
        DatasetFormat.Tsv => DelimitedShardReader.Read(shard, '\t', onProblem, ct),
        DatasetFormat.JsonLines => JsonLinesShardReader.Read(shard, onProblem, ct),
        DatasetFormat.WebDataset => WebDatasetShardReader.Read(shard, onProblem, ct),
        DatasetFormat.ImageFolder => ImageFolderShardReader.Read(shard, onProblem, ct),
        _ => throw new NotSupportedException($"shard format {shard.Format} is not read"),
    };

    /// <summary>One line for a shard that stopped: what went wrong and how far it got.</summary>
    private static string Describe(Exception e, long read)
    {
        var what = e switch
        {
            CandorFormatException f => f.Describe(),
            EndOfStreamException => "the file ends early (truncated)",
            FileNotFoundException or DirectoryNotFoundException => "the file no longer exists",
            _ => $"{e.Message} ({e.GetType().Name})",
        };
        return read == 0 ? $"cannot be read: {what}" : $"stopped after {read} records: {what}";
    }

    private static long? StatsSuccesses(string tar)
    {
        var stats = Path.Combine(Path.GetDirectoryName(tar) ?? ".", Path.GetFileNameWithoutExtension(tar) + "_stats.json");
        try
        {
            if (!File.Exists(stats) || new FileInfo(stats).Length > 1 << 20) return null;
            using var doc = JsonDocument.Parse(FileSystem.RegularFile.ReadAllBytes(stats));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("successes", out var s) && s.TryGetInt64(out var n) && n >= 0 ? n : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
