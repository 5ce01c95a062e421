using System.Text;

namespace Candor.Datasets;

/// <summary>
/// Reads a CSV or TSV shard: the first record is the header (a UTF-8 byte order mark before it is dropped), each
/// later record a row. A row whose field count differs from the header's is reported and skipped; an empty field
/// is a missing value. Repeated header names get <c>.1</c>, <c>.2</c> … as pandas names them. A first column with an
/// empty name is the index pandas' <c>to_csv</c> writes by default, and is not read.
/// </summary>
internal static class DelimitedShardReader
{
    public static IEnumerable<DatasetRecord> Read(DatasetShard shard, char delimiter, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        using var stream = ShardFiles.OpenText(shard.Path);
        using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var parser = new DelimitedTextParser(text, delimiter);
        var fields = new List<string>();
        if (!parser.ReadRecord(fields))
        {
            onProblem(new DatasetProblem(shard.Path, null, "the file is empty: no header row"));
            yield break;
        }
        var header = HeaderNames(fields);
        var first = fields.Count > 1 && fields[0].Trim().Length == 0 ? 1 : 0;
        var builder = new RecordBuilder(shard, onProblem);
        builder.SetColumns(header);
        long row = 0;
        while (parser.ReadRecord(fields))
        {
            if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
            if (parser.UnclosedQuote)
            {
                onProblem(new DatasetProblem(shard.Path, row, $"line {parser.RecordLine}: a quoted field is not closed before the end of the file; row skipped"));
                yield break;
            }
            if (fields.Count != header.Length)
            {
                onProblem(new DatasetProblem(shard.Path, row, $"line {parser.RecordLine}: {fields.Count} fields, the header has {header.Length}; row skipped"));
                row++;
                continue;
            }
            builder.Begin(row);
            for (var c = first; c < fields.Count; c++) builder.SetText(c, fields[c].Length == 0 ? null : fields[c]);
            yield return builder.Build();
            row++;
        }
    }

    private static string[] HeaderNames(List<string> fields)
    {
        var names = new string[fields.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Trim();
            if (name.Length == 0) name = $"column{i}";
            var unique = name;
            for (var n = 1; !seen.Add(unique); n++) unique = $"{name}.{n}";
            names[i] = unique;
        }
        return names;
    }
}
