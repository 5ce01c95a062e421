using System.IO.Compression;
using Candor.FileSystem;

namespace Candor.Datasets;

/// <summary>Which files are shards of which format (by name), and opening them (gzip-compressed text shards decompressed as they stream).</summary>
internal static class ShardFiles
{
    private static readonly (string Suffix, DatasetFormat Format)[] Suffixes =
    [
        (".parquet", DatasetFormat.Parquet),
        (".csv", DatasetFormat.Csv),
        (".csv.gz", DatasetFormat.Csv),
        (".tsv", DatasetFormat.Tsv),
        (".tsv.gz", DatasetFormat.Tsv),
        (".tab", DatasetFormat.Tsv),
        (".jsonl", DatasetFormat.JsonLines),
        (".jsonl.gz", DatasetFormat.JsonLines),
        (".ndjson", DatasetFormat.JsonLines),
        (".tar", DatasetFormat.WebDataset),
    ];

    /// <summary>The format a file of that name holds, or null when it is not a shard Candor reads.</summary>
    public static DatasetFormat? FormatOf(string path)
    {
        foreach (var (suffix, format) in Suffixes)
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return format;
        return null;
    }

    /// <summary>True for Parquet, CSV, TSV and JSON Lines files: tables of one row per record.</summary>
    public static bool IsTable(string path) => FormatOf(path) is { } f && f != DatasetFormat.WebDataset;

    /// <summary>Opens a text shard (a regular file only), decompressing a <c>.gz</c> one.</summary>
    public static Stream OpenText(string path)
    {
        var file = RegularFile.OpenRead(path, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>Compares file names so that embedded numbers sort by value: <c>metadata_2</c> before <c>metadata_10</c>.</summary>
    public static int CompareNatural(string? a, string? b)
    {
        if (a is null || b is null) return string.CompareOrdinal(a, b);
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                var x = a.AsSpan(si, i - si).TrimStart('0');
                var y = b.AsSpan(sj, j - sj).TrimStart('0');
                if (x.Length != y.Length) return x.Length.CompareTo(y.Length);
                var c = x.SequenceCompareTo(y);
                if (c != 0) return c;
                continue;
            }
            if (a[i] != b[j]) return a[i].CompareTo(b[j]);
            i++;
            j++;
        }
        var rest = (a.Length - i).CompareTo(b.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(a, b);
    }
}
