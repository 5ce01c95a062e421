using System.Diagnostics;
using System.Globalization;
using Candor.Consent;
using Candor.Curation;
using Parquet;

namespace Candor.Bench;

/// <summary>
/// The consent filter's throughput (bench/consent-filter.sh):
/// <list type="bullet">
/// <item>`consent-filter make SAMPLE FILE ROWS` writes a LAION-style Parquet of ROWS rows (URL, TEXT, __index_level_0__
/// as in the corpus sample, 1,048,576-row groups as pyarrow writes, Snappy) whose URLs and captions are drawn from the
/// real sample SAMPLE: each row takes a sample row's URL with a unique counter spliced into its file name, and another
/// sample row's caption;</item>
/// <item>`consent-filter run FILE OUT [PERCENT]` filters FILE into the folder OUT with an in-memory lookup that forbids
/// PERCENT % of the URLs (default 1; every row whose counter is divisible by 100/PERCENT), printing rows/s, CPU seconds
/// and peak RSS.</item>
/// </list>
/// </summary>
internal static class ConsentFilterBench
{
    private const int GroupRows = 1 << 20;

    public static int Run(string[] args)
    {
        switch (args)
        {
            case ["make", var sample, var file, var rows]:
                Make(sample, file, long.Parse(rows, CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
                return 0;
            case ["embedded", var folder]:
                return Embedded(folder);
            case ["run", var file, var output, .. var rest]:
                return Filter(file, output, rest.Length > 0 ? double.Parse(rest[0], CultureInfo.InvariantCulture) : 1.0, rest is not [_, "parquet-net"]);
            case ["stages", var file]:
                return Stages(file);
            default:
                Console.Error.WriteLine("usage: consent-filter make SAMPLE.parquet FILE ROWS | consent-filter run FILE OUT [PERCENT [pages|parquet-net]] | consent-filter stages FILE");
                return 2;
        }
    }

    /// <summary>The URL of row <paramref name="i"/>: the sample URL with the counter before its file name.</summary>
    private static string Url(string sample, long i)
    {
        var slash = sample.LastIndexOf('/');
        return slash < 0 ? string.Create(CultureInfo.InvariantCulture, $"{sample}/{i:x}") : string.Create(CultureInfo.InvariantCulture, $"{sample[..(slash + 1)]}{i:x}-{sample[(slash + 1)..]}");
    }

    private static async Task<(string[] Urls, string?[] Captions)> Sample(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var urls = new List<string>();
        var captions = new List<string?>();
        var fields = reader.Schema.GetDataFields();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var u = new string?[group.RowCount];
            var t = new string?[group.RowCount];
            group.ReadAsync(fields.First(f => f.Name == "URL"), u.AsMemory()).AsTask().GetAwaiter().GetResult();
            group.ReadAsync(fields.First(f => f.Name == "TEXT"), t.AsMemory()).AsTask().GetAwaiter().GetResult();
            urls.AddRange(u.Select(x => x ?? ""));
            captions.AddRange(t);
        }
        return ([.. urls], [.. captions]);
    }

    private static async Task Make(string samplePath, string file, long count)
    {
        var (urls, captions) = await Sample(samplePath);
        await using var sampleReader = await ParquetReader.CreateAsync(samplePath);
        var schema = sampleReader.Schema;
        var fields = schema.GetDataFields();
        var random = new Random(14);
        var clock = Stopwatch.StartNew();
        using (var stream = File.Create(file + ".tmp"))
        {
            var writer = ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }).GetAwaiter().GetResult();
            writer.CustomMetadata = sampleReader.CustomMetadata.ToDictionary();
            for (long start = 0; start < count; start += GroupRows)
            {
                var n = (int)Math.Min(GroupRows, count - start);
                var u = new ReadOnlyMemory<char>?[n];
                var t = new ReadOnlyMemory<char>?[n];
                var idx = new long?[n];
                for (var r = 0; r < n; r++)
                {
                    var i = start + r;
                    u[r] = Url(urls[random.Next(urls.Length)], i).AsMemory();
                    t[r] = captions[random.Next(captions.Length)]?.AsMemory();
                    idx[r] = i;
                }
                using var rg = writer.CreateRowGroup();
                rg.WriteAsync<ReadOnlyMemory<char>>(fields[0], u).GetAwaiter().GetResult();
                rg.WriteAsync<ReadOnlyMemory<char>>(fields[1], t).GetAwaiter().GetResult();
                rg.WriteAsync<long>(fields[2], idx).GetAwaiter().GetResult();
            }
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        File.Move(file + ".tmp", file, overwrite: true);
        Console.WriteLine($"wrote {count:N0} rows to {file} ({new FileInfo(file).Length / (1 << 20):N0} MiB) in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Forbids the URLs it holds, for every use; one shared "not stated" answer for the rest.</summary>
    /// <summary>Linux: the peak RSS (VmHWM) starts again from the current RSS, so the forbidden set's setup is not counted.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux: the peak includes the setup.
        }
    }

    /// <summary>
    /// Where the page-level path's time goes, stage by stage on the file's row groups (one thread, process CPU seconds
    /// per stage): reading the chunks, decoding the URL column to text, the decision stand-in (1 % dropped), filtering the
    /// pages, writing.
    /// </summary>
    private static int Stages(string file)
    {
        using var handle = File.OpenHandle(file);
        var pages = ParquetPageFilter.Open(handle);
        if (pages.Unsupported(handle) is { } why)
        {
            Console.Error.WriteLine($"not for the page-level path: {why}");
            return 1;
        }
        var one = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        var times = new double[4];
        long rows = 0;
        var state = ParquetPageFilter.Begin(Stream.Null);
        for (var g = 0; g < pages.RowGroupCount; g++)
        {
            var n = (int)pages.Rows(g);
            var t = Process.GetCurrentProcess().TotalProcessorTime;
            var group = pages.ReadGroup(handle, g, CancellationToken.None);
            times[0] += Lap(ref t);
            var keep = new bool[n];
            var kept = 0;
            using var urls = pages.Text(group, 0, n, one);
            // As the filter does: each row's text is made once, for the decision, and dropped with its batch.
            for (var r = 0; r < n; r++)
                if (keep[r] = (rows + r) % 100 != 0 && urls[r] is not null) kept++;
            times[1] += Lap(ref t);
            t = Process.GetCurrentProcess().TotalProcessorTime;
            // The URL column's pages, decompressed for the decision, are filtered without a second decompression.
            var filtered = pages.FilterGroup(group, keep, one, (0, urls));
            times[2] += Lap(ref t);
            pages.WriteGroup(state, Stream.Null, g, group, filtered, kept);
            times[3] += Lap(ref t);
            rows += n;
        }
        var m = rows / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows={rows} read_s_per_m={times[0] / m:0.000} url_text_s_per_m={times[1] / m:0.000} filter_pages_s_per_m={times[2] / m:0.000} write_s_per_m={times[3] / m:0.000} (one thread, CPU seconds per million rows)"));
        return 0;
    }

    private static double Lap(ref TimeSpan since)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var seconds = (now - since).TotalSeconds;
        since = now;
        return seconds;
    }

    private sealed class MemoryLookup(HashSet<string> forbidden) : IConsentLookup
    {
        private readonly Dictionary<ConsentUse, (ConsentDecision No, ConsentDecision Silent)> _answers = Enum.GetValues<ConsentUse>().ToDictionary(u => u, u => (
            ConsentDecision.Combine(u, [new ConsentEvidence("registry", "bench", "opted out", ConsentVerdict.Forbidden)]),
            new ConsentDecision(u, ConsentVerdict.NotStated, "not registered", [])));

        public Task<IReadOnlyList<ConsentDecision>> CheckAsync(IReadOnlyList<ConsentQuery> queries, ConsentUse use, CancellationToken cancellationToken = default)
        {
            var (no, silent) = _answers[use];
            var result = new ConsentDecision[queries.Count];
            for (var i = 0; i < result.Length; i++) result[i] = queries[i].Url is { } u && forbidden.Contains(u) ? no : silent;
            return Task.FromResult<IReadOnlyList<ConsentDecision>>(result);
        }

        public override string ToString() => $"in-memory set of {forbidden.Count:N0} URLs";
    }

    /// <summary>The cost of <see cref="EmbeddedSignalReader"/> per image: metadata only, then with the watermark, over every image in FOLDER (5 passes, the last timed).</summary>
    private static int Embedded(string folder)
    {
        var images = Directory.GetFiles(folder).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Select(File.ReadAllBytes).ToList();
        foreach (var (name, signals) in new[] { ("metadata", new EmbeddedSignalReader()), ("metadata+watermark", new EmbeddedSignalReader(true, true)) })
        {
            double ms = 0;
            for (var pass = 0; pass < 5; pass++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var image in images) signals.Read(image, "x", ConsentUse.AiTraining);
                ms = clock.Elapsed.TotalMilliseconds / images.Count;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded={name} images={images.Count} ms_per_image={ms:0.000} images_per_s={1000 / ms:0}"));
        }
        return 0;
    }

    private static int Filter(string file, string output, double percent, bool pages)
    {
        // The opted-out URLs: every row whose counter is a multiple of 100/percent, read back from the file (not timed).
        var every = (long)Math.Round(100 / percent);
        var forbidden = new HashSet<string>(StringComparer.Ordinal);
        var reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
        {
            var url = reader.Schema.GetDataFields()[0];
            long row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var u = new string?[group.RowCount];
                group.ReadAsync(url, u.AsMemory()).AsTask().GetAwaiter().GetResult();
                foreach (var x in u)
                    if (row++ % every == 0 && x is not null) forbidden.Add(x);
            }
        }
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.Collect();
        ResetPeakRss();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = new ConsentFilter([new MemoryLookup(forbidden)], new ConsentFilterOptions { ParquetPages = pages }).RunAsync(file, output).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows={report.Items} kept={report.Kept} dropped={report.Dropped} seconds={seconds:0.00} rows_per_s={report.Items / seconds:0} cpu_s={cpuSeconds:0.00} peak_rss_mib={DatasetsBench.PeakRssMiB()} problems={report.ProblemCount}"));
        return report.ShardsSkipped == 0 ? 0 : 1;
    }
}
