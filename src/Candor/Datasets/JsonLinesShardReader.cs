using System.Text.Json;

namespace Candor.Datasets;

/// <summary>
/// Reads a JSON Lines shard: each non-blank line is one JSON object, one row. A line that is not a JSON object
/// (or longer than 16 MiB) is reported and skipped; the rows after it are read. Strings are taken as they are,
/// numbers and booleans as their JSON text, nested objects and arrays as their JSON text.
/// </summary>
internal static class JsonLinesShardReader
{
    private const int MaxLineBytes = 16 << 20;

    public static IEnumerable<DatasetRecord> Read(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        using var stream = ShardFiles.OpenText(shard.Path);
        var lines = new LineReader(stream, MaxLineBytes);
        var builder = new RecordBuilder(shard, onProblem);
        long row = 0;
        while (lines.ReadLine(out var line, out var tooLong))
        {
            if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
            if (lines.LineNumber == 1 && line.Span.StartsWith("\uFEFF"u8)) line = line[3..];
            if (tooLong)
            {
                onProblem(new DatasetProblem(shard.Path, row++, $"line {lines.LineNumber} is longer than {MaxLineBytes} bytes; skipped"));
                continue;
            }
            if (IsBlank(line.Span)) continue;
            builder.Begin(row);
            var error = Fill(builder, line);
            if (error is not null)
                onProblem(new DatasetProblem(shard.Path, row, $"line {lines.LineNumber}: {error}; skipped"));
            else
                yield return builder.Build();
            row++;
        }
    }

    /// <summary>Sets every property of the JSON object in <paramref name="json"/> on the builder; the reason when it is not one.</summary>
    internal static string? Fill(RecordBuilder builder, ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return $"a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
            foreach (var property in doc.RootElement.EnumerateObject())
                builder.SetText(builder.Column(property.Name), Text(property.Value));
            return null;
        }
        catch (JsonException e)
        {
            return $"not valid JSON ({e.Message})";
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
