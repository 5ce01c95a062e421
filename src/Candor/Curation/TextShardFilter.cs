using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Candor.Consent;
using Candor.Datasets;

namespace Candor.Curation;

/// <summary>
/// Filters CSV, TSV and JSON Lines shards (gzip-compressed or not): every record is copied byte for byte — header,
/// quoting, line endings, blank lines — unless it is dropped. CSV/TSV records are split on line feeds outside quotes
/// (RFC 4180), JSON Lines on every line feed. A row that cannot be read (wrong field count, not a JSON object, an
/// unclosed quote, longer than 16 MiB) is reported and left out.
/// </summary>
internal static class TextShardFilter
{
    public static void Run(ShardJob job, Stream output, CancellationToken ct)
    {
        var gz = job.Shard.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        using var input = ShardFiles.OpenText(job.Shard.Path);
        using var target = gz ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true) : null;
        var sink = new BufferedStream((Stream?)target ?? output, 1 << 16);
        if (job.Shard.Format == DatasetFormat.JsonLines) Lines(job, input, sink, ct);
        else Table(job, input, sink, job.Shard.Format == DatasetFormat.Tsv ? (byte)'\t' : (byte)',', ct);
        sink.Flush();
    }

    private static void Table(ShardJob job, Stream input, Stream sink, byte delimiter, CancellationToken ct)
    {
        var records = new RawRecordReader(input, quoted: true);
        if (!records.Next(out var header, out var tooLong, out _) || tooLong)
        {
            job.Problem(null, tooLong ? "the header row is longer than 16 MiB" : "the file is empty: no header row");
            return;
        }
        sink.Write(header);
        var names = Fields(header.StartsWith("\uFEFF"u8) ? header[3..] : header, delimiter);
        int Column(params KnownColumn[] kinds) => names.FindIndex(n => kinds.Contains(DatasetColumns.KindOf(n.Trim())));
        var (url, sha, key) = (Column(KnownColumn.Url), Column(KnownColumn.Sha256, KnownColumn.Hash), Column(KnownColumn.Key));
        if (url < 0 && sha < 0) job.Problem(null, "no URL or sha256 column: no row can be checked against a lookup (all are kept)");
        var batch = new Batch(job, sink);
        long row = 0;
        while (records.Next(out var record, out tooLong, out var unclosed))
        {
            if (tooLong || unclosed)
            {
                job.Problem(row++, $"line {records.Line}: {(tooLong ? "the record is longer than 16 MiB" : "a quoted field is not closed before the end of the file")}; left out");
                continue;
            }
            if (IsBlank(record))
            {
                batch.Verbatim(record);
                continue;
            }
            var fields = Fields(record, delimiter);
            if (fields.Count != names.Count)
            {
                job.Problem(row++, $"line {records.Line}: {fields.Count} fields, the header has {names.Count}; left out");
                continue;
            }
            batch.Add(record, Item(Field(fields, url), Field(fields, sha), Field(fields, key), row++), ct);
        }
        batch.Flush(ct);
    }

    private static void Lines(ShardJob job, Stream input, Stream sink, CancellationToken ct)
    {
        var records = new RawRecordReader(input, quoted: false);
        var batch = new Batch(job, sink);
        long row = 0;
        while (records.Next(out var record, out var tooLong, out _))
        {
            if (tooLong)
            {
                job.Problem(row++, $"line {records.Line} is longer than 16 MiB; left out");
                continue;
            }
            if (IsBlank(record))
            {
                batch.Verbatim(record);
                continue;
            }
            var json = records.Line == 1 && record.StartsWith("\uFEFF"u8) ? record[3..] : record;
            if (Json(json, out var url, out var sha, out var key) is { } error)
            {
                job.Problem(row++, $"line {records.Line}: {error}; left out");
                continue;
            }
            batch.Add(record, Item(url, sha, key, row++), ct);
        }
        batch.Flush(ct);
    }

    internal static FilterItem Item(string? url, string? sha, string? key, long row)
    {
        url = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
        sha = sha is not null && ParquetShardFilter.IsSha256(sha.Trim()) ? sha.Trim().ToLowerInvariant() : null;
        return new FilterItem(url is null && sha is null ? null : new ConsentQuery(url, sha), null, row, key);
    }

    private static string? Field(List<string> fields, int index) => index >= 0 ? fields[index] : null;

    private static bool IsBlank(ReadOnlySpan<byte> record) => record.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>The fields of one CSV/TSV record (line ending dropped), unquoted.</summary>
    internal static List<string> Fields(ReadOnlySpan<byte> record, byte delimiter)
    {
        if (record.EndsWith("\n"u8)) record = record[..^1];
        if (record.EndsWith("\r"u8)) record = record[..^1];
        var fields = new List<string>();
        var field = new List<byte>();
        var inQuotes = false;
        for (var i = 0; i < record.Length; i++)
        {
            var b = record[i];
            if (inQuotes)
            {
                if (b != (byte)'"') field.Add(b);
                else if (i + 1 < record.Length && record[i + 1] == (byte)'"')
                {
                    field.Add(b);
                    i++;
                }
                else inQuotes = false;
            }
            else if (b == (byte)'"') inQuotes = true;
            else if (b == delimiter)
            {
                fields.Add(Encoding.UTF8.GetString([.. field]));
                field.Clear();
            }
            else field.Add(b);
        }
        fields.Add(Encoding.UTF8.GetString([.. field]));
        return fields;
    }

    /// <summary>Reads the url, sha256 and key members of a JSON object line; the reason when it is not one.</summary>
    private static string? Json(ReadOnlySpan<byte> line, out string? url, out string? sha, out string? key)
    {
        url = sha = key = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "not a JSON object";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var kind = DatasetColumns.KindOf(reader.GetString()!);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    switch (kind)
                    {
                        case KnownColumn.Url: url ??= reader.GetString(); break;
                        case KnownColumn.Sha256 or KnownColumn.Hash: sha ??= reader.GetString(); break;
                        case KnownColumn.Key: key ??= reader.GetString(); break;
                    }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return "not a single JSON object";
            return null;
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }
    }

    /// <summary>Records waiting for their decision, kept as bytes; written in order once decided.</summary>
    private sealed class Batch(ShardJob job, Stream sink)
    {
        private readonly MemoryStream _bytes = new();
        private readonly List<(int Start, int Length, int Item)> _records = [];
        private readonly List<FilterItem> _items = [];

        public void Verbatim(ReadOnlySpan<byte> record)
        {
            if (_records.Count == 0) sink.Write(record);
            else Hold(record, -1);
        }

        public void Add(ReadOnlySpan<byte> record, FilterItem item, CancellationToken ct)
        {
            Hold(record, _items.Count);
            _items.Add(item);
            if (_items.Count >= job.BatchSize) Flush(ct);
        }

        private void Hold(ReadOnlySpan<byte> record, int item)
        {
            _records.Add(((int)_bytes.Length, record.Length, item));
            _bytes.Write(record);
        }

        public void Flush(CancellationToken ct)
        {
            var keep = _items.Count > 0 ? job.Decide(_items, ct) : [];
            var bytes = _bytes.GetBuffer();
            foreach (var (start, length, item) in _records)
                if (item < 0 || keep[item]) sink.Write(bytes, start, length);
            _records.Clear();
            _items.Clear();
            _bytes.SetLength(0);
        }
    }
}
