using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Candor.Index;

namespace Candor.Bench;

/// <summary>
/// The Candor side of bench/hamming-vs-faiss.sh, over raw files of codes (32 bytes each, as numpy writes four
/// little-endian uint64 per code):
/// <list type="bullet">
/// <item>`hamming build CODES INDEX`: builds the index file; prints build seconds (wall and CPU: the rest is waiting for the disk), file size and peak memory.</item>
/// <item>`hamming search INDEX QUERIES [--radius R] [--threads T] [--truth FILE] [--check N] [--scalar] [--warm] [--flat]`: opens the index and
/// answers every query at radius R on T threads (each thread its own queries); prints queries per second, results,
/// peak memory, and the recall against the brute-force sets: FILE (one line of ids per query, as FAISS's flat
/// index found them) and Candor's own scan of every code for the first N queries. --scalar turns the SIMD
/// neighbour test off, to measure what it brings; --warm answers every query once, untimed, before the timed pass; --flat times the scan of every code instead of the index.</item>
/// </list>
/// </summary>
internal static class HammingTiming
{
    public static int Run(string[] args)
    {
        if (args is ["build", var codesPath, var indexPath]) return Build(codesPath, indexPath);
        if (args is ["search", var index, var queries, .. var rest]) return Search(index, queries, rest);
        Console.Error.WriteLine("usage: hamming build CODES INDEX | hamming search INDEX QUERIES [--radius R] [--threads T] [--truth FILE] [--check N] [--scalar] [--warm] [--flat]");
        return 2;
    }

    private static int Build(string codesPath, string indexPath)
    {
        var codes = ReadCodes(codesPath);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        HammingIndex.Build(codes, indexPath);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(Invariant($"build_s={seconds:F2} build_cpu_s={cpuSeconds:F2} index_bytes={new FileInfo(indexPath).Length} codes={codes.Length / 4} peak_rss_mb={PeakRssMb()}"));
        return 0;
    }

    private static int Search(string indexPath, string queriesPath, string[] rest)
    {
        int radius = 31, threads = 2, check = 0;
        bool warm = false, flat = false;
        string? truthPath = null;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--radius": radius = int.Parse(rest[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(rest[++i], CultureInfo.InvariantCulture); break;
                case "--truth": truthPath = rest[++i]; break;
                case "--check": check = int.Parse(rest[++i], CultureInfo.InvariantCulture); break;
                case "--scalar": HammingScan.UseSimd = false; break;
                case "--warm": warm = true; break;
                case "--flat": flat = true; break;
                default: Console.Error.WriteLine($"unknown option {rest[i]}"); return 2;
            }
        }
        var words = ReadCodes(queriesPath);
        var queries = new HammingCode[words.Length / 4];
        for (var i = 0; i < queries.Length; i++) queries[i] = HammingCode.At(words, i);

        var openClock = Stopwatch.StartNew();
        using var index = HammingIndex.Open(indexPath);
        var openMs = openClock.Elapsed.TotalMilliseconds;
        var found = new long[queries.Length][];
        if (warm)
        {
            // One untimed pass first: the timed pass then measures a serving process whose mapped pages are resident.
            var results = new List<HammingMatch>();
            foreach (var q in queries) index.Search(q, radius, results);
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var results = new List<HammingMatch>();
            for (var q = t; q < queries.Length; q += threads)
            {
                if (flat) index.Scan(queries[q], radius, results);
                else index.Search(queries[q], radius, results);
                found[q] = results.Select(m => m.Id).ToArray();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / queries.Length;
        var total = found.Sum(f => f.Length);

        // Recall against the brute-force sets: FAISS's flat scan (when given) and Candor's own scan of every code.
        long expected = 0, matched = 0, extra = 0;
        void Compare(long[] got, IEnumerable<long> truth)
        {
            var want = truth.ToHashSet();
            expected += want.Count;
            matched += got.Count(want.Contains);
            extra += got.Count(g => !want.Contains(g));
        }
        if (truthPath is not null)
        {
            var lines = File.ReadAllLines(truthPath);
            for (var q = 0; q < lines.Length && q < queries.Length; q++)
                Compare(found[q], lines[q].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)));
        }
        var scanClock = Stopwatch.StartNew();
        var scan = new List<HammingMatch>();
        for (var q = 0; q < Math.Min(check, queries.Length); q++)
        {
            index.Scan(queries[q], radius, scan);
            Compare(found[q], scan.Select(m => m.Id));
        }
        var scanMs = check > 0 ? scanClock.Elapsed.TotalMilliseconds / Math.Min(check, queries.Length) : 0;
        var recall = expected == 0 ? 1.0 : matched / (double)expected;
        Console.WriteLine(Invariant($"qps={queries.Length / seconds:F0} queries={queries.Length} threads={threads} cpu_us_per_query={cpuUs:F0} radius={radius} results={total} recall={recall:F4} checked_results={expected} extra={extra} open_ms={openMs:F0} scan_ms_per_query={scanMs:F1} peak_rss_mb={PeakRssMb()}"));
        return recall == 1.0 && extra == 0 ? 0 : 1;
    }

    private static ulong[] ReadCodes(string path)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        var words = new ulong[length / 8];
        // A span of bytes cannot cover more than 2 GiB: read 128 Mi words at a time.
        for (var word = 0; word < words.Length;)
        {
            var bytes = MemoryMarshal.AsBytes(words.AsSpan(word, Math.Min(1 << 27, words.Length - word)));
            var n = RandomAccess.Read(file, bytes, word * 8L);
            if (n == 0 || n % 8 != 0) throw new EndOfStreamException(path);
            word += n / 8;
        }
        return words;
    }

    private static long PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return -1;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
