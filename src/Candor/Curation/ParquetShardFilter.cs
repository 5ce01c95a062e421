using Candor.Consent;
using Candor.Datasets;
using Candor.FileSystem;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Candor.Curation;

/// <summary>
/// Filters a Parquet shard row group by row group: the URL (and SHA-256 and key) columns are read to decide the rows,
/// then every column of the group — whatever its type, unknown columns included — is read raw (values plus definition
/// and repetition levels) and written back without the dropped rows, in the input's schema, key-value metadata
/// (pandas', <c>ARROW:schema</c>) and compression. One output row group per input row group that keeps a row.
/// </summary>
internal static class ParquetShardFilter
{
    public static void Run(ShardJob job, Stream output, CancellationToken ct)
    {
        // The readers' checks first: "PAR1" at both ends and a footer that fits, so a truncated file says so.
        ParquetShardReader.CountRows(job.Shard.Path);
        using var input = RegularFile.OpenRead(job.Shard.Path);
        var reader = Open(input, job.Shard.Path);
        try
        {
            if (job.Options.ParquetPages && PageLevel(input) is { } pages && pages.Unsupported(input.SafeFileHandle) is null)
                FilterPages(job, reader, pages, input, output, ct);
            else
                Filter(job, reader, output, ct);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ParquetReader Open(Stream input, string path)
    {
        try
        {
            return ParquetReader.CreateAsync(input, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException or NotSupportedException or InvalidOperationException)
        {
            throw new CandorFormatException($"the Parquet footer of {Path.GetFileName(path)} cannot be decoded: {e.Message}", block: "Parquet footer", inner: e, kind: FormatErrorKind.Malformed);
        }
    }

    private static void Filter(ShardJob job, ParquetReader reader, Stream output, CancellationToken ct)
    {
        var fields = reader.Schema.GetDataFields();
        var url = Find(fields, n => DatasetColumns.KindOf(n) == KnownColumn.Url);
        var sha = Find(fields, n => DatasetColumns.KindOf(n) is KnownColumn.Sha256 or KnownColumn.Hash);
        var key = Find(fields, n => DatasetColumns.KindOf(n) == KnownColumn.Key);
        if (url is null && sha is null)
            job.Problem(null, "no URL or sha256 column: no row can be checked against a lookup (all are kept)");
        // Dictionary encoding is decided on a sample: a column of unique URLs is not scanned whole to find out (40 % of the CPU otherwise).
        var options = new ParquetOptions { CompressionMethod = Codec(reader), DictionaryEncodingSampleSize = 8192 };
        var writer = ParquetWriter.CreateAsync(reader.Schema, output, options, cancellationToken: ct).GetAwaiter().GetResult();
        try
        {
            writer.CustomMetadata = reader.CustomMetadata.ToDictionary();
            long first = 0;
            // Two stages overlap: while one task encodes and writes group g, this one reads and decides group g + 1.
            Task? writing = null;
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    ct.ThrowIfCancellationRequested();
                    RawColumnData[] raws;
                    int rows;
                    using (var group = reader.OpenRowGroupReader(g))
                    {
                        rows = checked((int)group.RowCount);
                        raws = new RawColumnData[fields.Length];
                        for (var c = 0; c < fields.Length; c++) raws[c] = ColumnCopy.Read(group, fields[c], ct);
                    }
                    Func<int, string?>? Column(DataField? f) => f is null ? null : ColumnCopy.RowStrings(raws[Array.IndexOf(fields, f)], f, rows) is var text ? r => text[r] : null;
                    var (keep, kept) = Decide(job, Column(url), Column(sha), Column(key), rows, first, ct);
                    first += rows;
                    writing?.GetAwaiter().GetResult();
                    writing = null;
                    if (kept == 0)
                    {
                        foreach (var raw in raws) raw.Dispose();
                        continue;
                    }
                    writing = Task.Run(() =>
                    {
                        try
                        {
                            using var target = writer.CreateRowGroup();
                            for (var c = 0; c < fields.Length; c++) ColumnCopy.Write(raws[c], target, fields[c], keep, kept, ct);
                            target.CompleteValidate();
                        }
                        finally
                        {
                            foreach (var raw in raws) raw.Dispose();
                        }
                    }, ct);
                }
            }
            finally
            {
                // Never leave the writer to a task still running, whatever stopped the loop.
                try
                {
                    writing?.Wait(CancellationToken.None);
                }
                catch (AggregateException) when (writing is { IsFaulted: true } || writing is { IsCanceled: true })
                {
                    // Rethrown below when the loop itself did not fail.
                }
            }
            writing?.GetAwaiter().GetResult();
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The page-level filter of the file, or null when its footer is not one it reads.</summary>
    private static ParquetPageFilter? PageLevel(FileStream input)
    {
        try
        {
            return ParquetPageFilter.Open(input.SafeFileHandle);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OverflowException or InvalidCastException)
        {
            return null;
        }
    }

    /// <summary>
    /// The page-level path: each group's chunks are read, the decision's columns decoded to text (pages in parallel),
    /// the rows decided, and the group filtered (pages in parallel) and written while the next group is read and decided.
    /// </summary>
    private static void FilterPages(ShardJob job, ParquetReader reader, ParquetPageFilter pages, FileStream input, Stream output, CancellationToken ct)
    {
        var fields = reader.Schema.GetDataFields();
        var url = Find(fields, n => DatasetColumns.KindOf(n) == KnownColumn.Url);
        var sha = Find(fields, n => DatasetColumns.KindOf(n) is KnownColumn.Sha256 or KnownColumn.Hash);
        var key = Find(fields, n => DatasetColumns.KindOf(n) == KnownColumn.Key);
        if (url is null && sha is null)
            job.Problem(null, "no URL or sha256 column: no row can be checked against a lookup (all are kept)");
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var state = ParquetPageFilter.Begin(output);
        long first = 0;
        Task? writing = null;
        try
        {
            for (var g = 0; g < pages.RowGroupCount; g++)
            {
                ct.ThrowIfCancellationRequested();
                object group;
                int rows;
                try
                {
                    rows = checked((int)pages.Rows(g));
                    group = pages.ReadGroup(input.SafeFileHandle, g, ct);
                }
                catch (Exception e) when (e is InvalidDataException or OverflowException or IOException)
                {
                    throw Broken(job, g, e);
                }
                ParquetPageFilter.TextColumn? Column(DataField? f)
                {
                    if (f is null) return null;
                    try
                    {
                        return pages.Text(group, Array.IndexOf(fields, f), rows, parallel);
                    }
                    catch (AggregateException e) when (e.InnerException is InvalidDataException or OverflowException or IndexOutOfRangeException)
                    {
                        throw Broken(job, g, e.InnerException);
                    }
                    catch (Exception e) when (e is InvalidDataException or OverflowException or IndexOutOfRangeException)
                    {
                        throw Broken(job, g, e);
                    }
                }
                bool[] keep;
                int kept;
                // The URL column's decompressed pages serve the decision and then the filtering of that column.
                var urls = Column(url);
                try
                {
                    using var shas = Column(sha);
                    using var keys = Column(key);
                    (keep, kept) = Decide(job, Text(urls), Text(shas), Text(keys), rows, first, ct);
                }
                catch
                {
                    urls?.Dispose();
                    throw;
                }
                first += rows;
                try
                {
                    writing?.GetAwaiter().GetResult();
                }
                catch
                {
                    urls?.Dispose();
                    throw;
                }
                writing = null;
                if (kept == 0)
                {
                    urls?.Dispose();
                    continue;
                }
                var index = g;
                var urlColumn = url is null ? -1 : Array.IndexOf(fields, url);
                writing = Task.Run(() =>
                {
                    try
                    {
                        var filtered = kept == rows ? null : pages.FilterGroup(group, keep, parallel, urls is null ? null : (urlColumn, urls));
                        pages.WriteGroup(state, output, index, group, filtered, kept);
                    }
                    catch (AggregateException e) when (e.InnerException is InvalidDataException or OverflowException or IndexOutOfRangeException)
                    {
                        throw Broken(job, index, e.InnerException);
                    }
                    catch (Exception e) when (e is InvalidDataException or OverflowException or IndexOutOfRangeException)
                    {
                        throw Broken(job, index, e);
                    }
                    finally
                    {
                        urls?.Dispose();
                    }
                }, ct);
            }
        }
        finally
        {
            try
            {
                writing?.Wait(CancellationToken.None);
            }
            catch (AggregateException) when (writing is { IsFaulted: true } || writing is { IsCanceled: true })
            {
                // Rethrown below when the loop itself did not fail.
            }
        }
        writing?.GetAwaiter().GetResult();
        pages.End(state, output);
    }

    private static CandorFormatException Broken(ShardJob job, int group, Exception e) =>
        new($"row group {group} of {Path.GetFileName(job.Shard.Path)} cannot be read: {e.Message}", block: "Parquet page", inner: e, kind: FormatErrorKind.Malformed);

    private static Func<int, string?>? Text(ParquetPageFilter.TextColumn? column) => column is null ? null : r => column[r];

    /// <summary>Decides the rows a batch at a time; each row's text is asked for once, so only a batch's strings are alive at a time.</summary>
    private static (bool[] Keep, int Kept) Decide(ShardJob job, Func<int, string?>? urls, Func<int, string?>? shas, Func<int, string?>? keys, int rows, long first, CancellationToken ct)
    {
        var keep = new bool[rows];
        var items = new List<FilterItem>(Math.Min(rows, job.BatchSize));
        var kept = 0;
        for (var start = 0; start < rows; start += job.BatchSize)
        {
            items.Clear();
            var end = Math.Min(rows, start + job.BatchSize);
            for (var r = start; r < end; r++)
            {
                var u = urls?.Invoke(r) is { Length: > 0 } s ? s : null;
                var h = shas?.Invoke(r) is { } x && IsSha256(x) ? x.ToLowerInvariant() : null;
                items.Add(new FilterItem(u is null && h is null ? null : new ConsentQuery(u, h), null, first + r, keys?.Invoke(r)));
            }
            var decided = job.Decide(items, ct);
            for (var i = 0; i < decided.Length; i++)
                if (keep[start + i] = decided[i]) kept++;
        }
        return (keep, kept);
    }

    /// <summary>The first top-level text column whose name passes <paramref name="wanted"/>.</summary>
    private static DataField? Find(DataField[] fields, Func<string, bool> wanted) =>
        fields.FirstOrDefault(f => f.Path.Length == 1 && f.MaxRepetitionLevel == 0 && f.ClrType == typeof(ReadOnlyMemory<char>) && wanted(f.Name))
        ?? fields.FirstOrDefault(f => f.Path.Length == 1 && f.MaxRepetitionLevel == 0 && f.ClrType == typeof(string) && wanted(f.Name));

    internal static bool IsSha256(string s) => s.Length == 64 && s.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;

    /// <summary>The compression of the input's first column chunk (Parquet.Net writes one codec per file).</summary>
    private static CompressionMethod Codec(ParquetReader reader)
    {
        var codec = reader.Metadata?.RowGroups.FirstOrDefault()?.Columns.FirstOrDefault()?.MetaData?.Codec;
        return codec?.ToString().ToUpperInvariant() switch
        {
            "UNCOMPRESSED" => CompressionMethod.None,
            "GZIP" => CompressionMethod.Gzip,
            "ZSTD" => CompressionMethod.Zstd,
            "BROTLI" => CompressionMethod.Brotli,
            "LZ4_RAW" => CompressionMethod.Lz4Raw,
            "LZ4" => CompressionMethod.Lz4Raw,
            _ => CompressionMethod.Snappy,
        };
    }
}
