using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Candor.Datasets;
using Parquet;
using Parquet.Schema;

namespace Candor.Bench;

/// <summary>
/// The plain timing loops behind bench/datasets.sh. Each run measures one reader on one input in a fresh process, so
/// that its peak memory (VmHWM) is its own, and prints one line of key=value pairs:
/// <list type="bullet">
/// <item>`datasets make DIR [ROWS]` writes the synthetic inputs once (LAION-2B-like parquet in one row group as pyarrow's
/// default writes 1M rows, the same rows as CSV and JSON Lines, and an img2dataset-like tar of 10,000 samples);</item>
/// <item>`datasets read PATH` reads every shard through <see cref="Dataset.Read"/> (Parquet.Net underneath);</item>
/// <item>`datasets write-parquet FILE ROWS` times Parquet.Net writing that many synthetic rows in 100k-row groups;</item>
/// <item>`datasets parquet-raw FILE` reads a parquet file with Parquet.Net alone, every value materialised, for the
/// like-for-like comparison with DuckDB (bench/DuckDbParquet).</item>
/// </list>
/// </summary>
internal static class DatasetsBench
{
    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["make", var dir, .. var rest]:
                Make(dir, rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 1_000_000);
                return 0;
            case ["read", var path, .. var rest]:
                return Passes(Repeat(rest), () => ReadDataset(path));
            case ["write-parquet", var path, var rows]:
                {
                    var count = int.Parse(rows, CultureInfo.InvariantCulture);
                    var data = Rows(count).ToList();
                    var clock = Stopwatch.StartNew();
                    WriteParquet(path, data, 100_000);
                    var seconds = clock.Elapsed.TotalSeconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"rows={count} seconds={seconds:F3} rows_per_s={count / seconds:F0} bytes={new FileInfo(path).Length} peak_rss_mib={PeakRssMiB()}"));
                    return 0;
                }
            case ["parquet-raw", var path, .. var rest]:
                return Passes(Repeat(rest), () => ReadParquetRaw(path));
            default:
                Console.Error.WriteLine("usage: datasets make DIR [ROWS] | datasets read PATH [PASSES] | datasets parquet-raw FILE [PASSES] | datasets write-parquet FILE ROWS");
                return 2;
        }
    }

    private static int Repeat(string[] rest) => rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 1;

    /// <summary>
    /// Runs <paramref name="pass"/> <paramref name="passes"/> times in this process: the first pass is cold (JIT, file
    /// cache as found) and gives the first-row latency; rows/s is the last pass's (warm when passes &gt; 1).
    /// </summary>
    private static int Passes(int passes, Func<Pass> pass)
    {
        var cold = pass();
        var last = cold;
        for (var i = 1; i < passes; i++) last = pass();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows={last.Rows} seconds={last.Seconds:F3} rows_per_s={last.Rows / last.Seconds:F0} first_row_ms={cold.FirstRowMs:F1} cold_seconds={cold.Seconds:F3} peak_rss_mib={PeakRssMiB()} passes={passes} {last.Extra}"));
        return 0;
    }

    private sealed record Pass(long Rows, double Seconds, double FirstRowMs, string Extra);

    private static Pass ReadDataset(string path)
    {
        var clock = Stopwatch.StartNew();
        double first = -1;
        long rows = 0, problems = 0, bytes = 0, check = 0;
        var data = Dataset.Open(path);
        foreach (var shard in data.Shards)
            foreach (var record in data.Read(shard, _ => problems++))
            {
                if (first < 0) first = clock.Elapsed.TotalMilliseconds;
                rows++;
                bytes += record.Image.Length;
                check += (record.Url?.Length ?? 0) + (record.Caption?.Length ?? 0);
            }
        return new Pass(rows, clock.Elapsed.TotalSeconds, first, $"problems={problems} image_bytes={bytes} check={check}");
    }

    private static Pass ReadParquetRaw(string path)
    {
        var clock = Stopwatch.StartNew();
        double first = -1;
        long rows = 0, check = 0;
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        var fields = reader.Schema.DataFields;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var columns = new Func<int, object?>[fields.Length];
            for (var c = 0; c < fields.Length; c++)
            {
                var field = fields[c];
                if (field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var v = new ReadOnlyMemory<char>?[n];
                    group.ReadAsync<ReadOnlyMemory<char>>(field, v.AsMemory(), null).AsTask().GetAwaiter().GetResult();
                    columns[c] = i => v[i]?.ToString();
                }
                else if (field.ClrType == typeof(long))
                {
                    var v = new long?[n];
                    group.ReadAsync<long>(field, v.AsMemory(), null).AsTask().GetAwaiter().GetResult();
                    columns[c] = i => v[i];
                }
                else if (field.ClrType == typeof(double))
                {
                    var v = new double?[n];
                    group.ReadAsync<double>(field, v.AsMemory(), null).AsTask().GetAwaiter().GetResult();
                    columns[c] = i => v[i];
                }
                else throw new NotSupportedException($"{field.Name}: {field.ClrType}");
            }
            for (var i = 0; i < n; i++)
            {
                if (first < 0) first = clock.Elapsed.TotalMilliseconds;
                for (var c = 0; c < columns.Length; c++)
                    if (columns[c](i) is string s && c < 2) check += s.Length;
                rows++;
            }
        }
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Pass(rows, clock.Elapsed.TotalSeconds, first, $"check={check}");
    }

    /// <summary>The process's peak resident set (VmHWM), in MiB.</summary>
    internal static long PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return -1;
    }

    private static readonly string[] Words =
        ("the a of and with for on in vintage red blue black white women men kids dress shirt poster print canvas wall art photo " +
         "stock image illustration vector icon logo set background pattern wedding ring gold silver wooden table chair house garden " +
         "cat dog flower tree mountain beach sunset city street car bike book cover free shipping size large small new").Split(' ');

    private static readonly string[] Hosts =
        ["cdn.shopify.com", "thumbs.dreamstime.com", "rlv.zcache.com", "i.pinimg.com", "images.example.org", "media.istockphoto.com", "img.alicdn.com", "i.ebayimg.com"];

    /// <summary>One LAION-2B-en-like row (URL, TEXT, WIDTH, HEIGHT, similarity, hash, punsafe, pwatermark).</summary>
    private sealed record Row(string Url, string? Text, long Width, long Height, double Similarity, long Hash, double Punsafe, double Pwatermark);

    private static IEnumerable<Row> Rows(int count)
    {
        var random = new Random(42);
        var caption = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            caption.Clear();
            for (var w = random.Next(3, 18); w > 0; w--) caption.Append(Words[random.Next(Words.Length)]).Append(' ');
            var url = string.Create(CultureInfo.InvariantCulture,
                $"https://{Hosts[random.Next(Hosts.Length)]}/images/{random.Next():x8}/{i}/{Words[random.Next(Words.Length)]}-{random.NextInt64():x16}.jpg");
            yield return new Row(url, random.Next(50) == 0 ? null : caption.ToString(0, caption.Length - 1),
                random.Next(64, 4096), random.Next(64, 4096), 0.28 + random.NextDouble() * 0.2, random.NextInt64(long.MinValue, long.MaxValue),
                random.NextDouble(), random.NextDouble());
        }
    }

    private static void Make(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var parquet = Path.Combine(dir, "laion-synthetic.parquet");
        if (!File.Exists(parquet)) WriteParquet(parquet, Rows(count).ToList(), count);
        var groups = Path.Combine(dir, "laion-synthetic-rg100k.parquet");
        if (!File.Exists(groups)) WriteParquet(groups, Rows(count).ToList(), 100_000);
        var csv = Path.Combine(dir, "laion-synthetic.csv");
        if (!File.Exists(csv)) WriteText(csv, count, row => string.Join(',', Csv(row.Url), Csv(row.Text), Invariant(row.Width), Invariant(row.Height), Invariant(row.Similarity), Invariant(row.Hash), Invariant(row.Punsafe), Invariant(row.Pwatermark)),
            "URL,TEXT,WIDTH,HEIGHT,similarity,hash,punsafe,pwatermark");
        var jsonl = Path.Combine(dir, "laion-synthetic.jsonl");
        if (!File.Exists(jsonl)) WriteText(jsonl, count, row => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["URL"] = row.Url,
            ["TEXT"] = row.Text,
            ["WIDTH"] = row.Width,
            ["HEIGHT"] = row.Height,
            ["similarity"] = row.Similarity,
            ["hash"] = row.Hash,
            ["punsafe"] = row.Punsafe,
            ["pwatermark"] = row.Pwatermark,
        }), null);
        var tar = Path.Combine(dir, "webdataset", "00000.tar");
        if (!File.Exists(tar)) WriteTar(tar, 10_000);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Csv(string? s) => s is null ? "" : s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static void WriteText(string path, int count, Func<Row, string> line, string? header)
    {
        using var writer = new StreamWriter(path + ".tmp", false, new UTF8Encoding(false), 1 << 16);
        if (header is not null) writer.Write(header + "\n");
        foreach (var row in Rows(count)) writer.Write(line(row) + "\n");
        writer.Close();
        File.Move(path + ".tmp", path, true);
    }

    /// <summary>Writes the rows in row groups of <paramref name="groupRows"/> (pyarrow's default row group holds up to 1Mi rows), Snappy-compressed.</summary>
    private static void WriteParquet(string path, List<Row> all, int groupRows)
    {
        var schema = new ParquetSchema(
            new DataField<string>("URL", true), new DataField<string>("TEXT", true),
            new DataField<long?>("WIDTH"), new DataField<long?>("HEIGHT"), new DataField<double?>("similarity"),
            new DataField<long?>("hash"), new DataField<double?>("punsafe"), new DataField<double?>("pwatermark"));
        using (var stream = File.Create(path + ".tmp"))
        {
            var writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
            foreach (var rows in all.Chunk(groupRows))
            {
                using var group = writer.CreateRowGroup();
                var f = schema.DataFields;
                group.WriteAsync(f[0], rows.Select(r => r.Url).ToArray()).GetAwaiter().GetResult();
                group.WriteAsync(f[1], rows.Select(r => r.Text).ToArray()).GetAwaiter().GetResult();
                group.WriteAsync<long>(f[2], rows.Select(r => (long?)r.Width).ToArray().AsMemory()).GetAwaiter().GetResult();
                group.WriteAsync<long>(f[3], rows.Select(r => (long?)r.Height).ToArray().AsMemory()).GetAwaiter().GetResult();
                group.WriteAsync<double>(f[4], rows.Select(r => (double?)r.Similarity).ToArray().AsMemory()).GetAwaiter().GetResult();
                group.WriteAsync<long>(f[5], rows.Select(r => (long?)r.Hash).ToArray().AsMemory()).GetAwaiter().GetResult();
                group.WriteAsync<double>(f[6], rows.Select(r => (double?)r.Punsafe).ToArray().AsMemory()).GetAwaiter().GetResult();
                group.WriteAsync<double>(f[7], rows.Select(r => (double?)r.Pwatermark).ToArray().AsMemory()).GetAwaiter().GetResult();
            }
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        File.Move(path + ".tmp", path, true);
    }

    /// <summary>An img2dataset-like shard: per key a .jpg (random bytes, 5–40 KB), a .json and a .txt.</summary>
    private static void WriteTar(string path, int samples)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(7);
        using (var stream = File.Create(path + ".tmp"))
        using (var tar = new TarWriter(stream, TarEntryFormat.Ustar))
        {
            var i = 0;
            foreach (var row in Rows(samples))
            {
                var key = i.ToString("D9", CultureInfo.InvariantCulture);
                var image = new byte[random.Next(5_000, 40_000)];
                random.NextBytes(image);
                var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
                {
                    ["url"] = row.Url,
                    ["caption"] = row.Text,
                    ["key"] = key,
                    ["status"] = "success",
                    ["error_message"] = null,
                    ["width"] = 256,
                    ["height"] = 256,
                    ["original_width"] = row.Width,
                    ["original_height"] = row.Height,
                    ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image)),
                });
                foreach (var (ext, data) in new[] { ("jpg", image), ("json", json), ("txt", Encoding.UTF8.GetBytes(row.Text ?? "")) })
                    tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{key}.{ext}") { DataStream = new MemoryStream(data) });
                i++;
            }
        }
        File.Move(path + ".tmp", path, true);
    }
}
