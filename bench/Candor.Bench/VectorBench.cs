using System.Diagnostics;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.Intrinsics;
using Candor.Index;

namespace Candor.Bench;

/// <summary>
/// `vectors generate|truth|run …`: the vector index benchmark that bench/vectors-vs-faiss.sh drives.
/// <list type="bullet">
/// <item>`generate DIR N [--queries Q] [--dim D] [--clusters C] [--rank R] [--seed S]` writes DIR/base.f32 (N × D)
/// and DIR/queries.f32 (Q × D), raw little-endian float32, unit vectors from C Gaussian clusters: a point is its
/// cluster's centre (N(0, I)) plus a random rank-R Gaussian spread (per-dimension variance 0.5) plus N(0, 0.01 I)
/// noise, normalised. Queries are further draws of the same distribution (held out: never in the base).</item>
/// <item>`truth DIR [--k K]` writes DIR/truth.i32 (Q × K ids), the exact top-K by inner product, brute force on every core.</item>
/// <item>`run DIR [--scalar f16] [--m 16] [--ef-add 128] [--ef 16,32,…] [--threads 0] [--index PATH] [--mapped true] [--rerank F]`
/// builds a <see cref="VectorIndex"/>, saves it, reopens it and prints build seconds, file size, peak RSS and the
/// recall@10 / QPS curve (QPS with every core searching; 1-thread latency alongside).</item>
/// <item>`ivf DIR [--lists L] [--probes 1,2,4,…] [--sample S] [--iterations I] [--threads 0] [--index PATH]` the same for an
/// <see cref="IvfIndex"/>: k-means on a random sample, every vector assigned, saved, reopened memory-mapped, the curve over nprobe.</item>
/// </list>
/// </summary>
internal static class VectorBench
{
    public static int Run(string[] args) => args switch
    {
        ["generate", var dir, var n, .. var rest] => Generate(dir, long.Parse(n, CultureInfo.InvariantCulture), Options(rest)),
        ["truth", var dir, .. var rest] => Truth(dir, Options(rest)),
        ["run", var dir, .. var rest] => RunIndex(dir, Options(rest)),
        ["ivf", var dir, .. var rest] => RunIvf(dir, Options(rest)),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: vectors generate DIR N [--queries Q --dim D --clusters C --rank R --seed S] | truth DIR [--k K] | run DIR [--scalar f32|f16|i8 --m M --ef-add E --ef 16,32,... --threads T --index PATH --mapped true|false]");
        return 2;
    }

    private static Dictionary<string, string> Options(string[] rest)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < rest.Length; i += 2) options[rest[i].TrimStart('-')] = rest[i + 1];
        return options;
    }

    private static int Int(Dictionary<string, string> o, string key, int fallback) =>
        o.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static int Generate(string dir, long n, Dictionary<string, string> o)
    {
        int queries = Int(o, "queries", 1000), dim = Int(o, "dim", 512), clusters = Int(o, "clusters", 1000), rank = Int(o, "rank", 24), seed = Int(o, "seed", 42);
        var noise = o.TryGetValue("noise", out var nz) ? float.Parse(nz, CultureInfo.InvariantCulture) : 0.1f;
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var centres = new float[clusters * dim];
        for (var i = 0; i < centres.Length; i++) centres[i] = Gaussian(random);
        // Spread: per-cluster dim × rank matrix with entries N(0, 0.5 / rank): per-dimension variance 0.5.
        var spreads = new float[(long)clusters * dim * rank];
        var scale = MathF.Sqrt(0.5f / rank);
        for (long i = 0; i < spreads.Length; i++) spreads[i] = scale * Gaussian(random);

        void Write(string path, long first, long count)
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            const int Block = 8192;
            var buffer = new float[Block * dim];
            for (long start = 0; start < count; start += Block)
            {
                var rows = (int)Math.Min(Block, count - start);
                Parallel.For(0, rows, row =>
                {
                    var rng = new Random(unchecked((int)(seed * 7919 + first + start + row) ^ (int)((first + start + row) >> 31)));
                    var c = rng.Next(clusters);
                    var v = buffer.AsSpan(row * dim, dim);
                    Span<float> z = stackalloc float[rank];
                    for (var r = 0; r < rank; r++) z[r] = Gaussian(rng);
                    var spread = spreads.AsSpan((int)((long)c * dim * rank), dim * rank);
                    for (var d = 0; d < dim; d++)
                    {
                        var s = centres[c * dim + d] + noise * Gaussian(rng);
                        var a = spread.Slice(d * rank, rank);
                        for (var r = 0; r < rank; r++) s += a[r] * z[r];
                        v[d] = s;
                    }
                    var norm = MathF.Sqrt(Dot(v, v));
                    for (var d = 0; d < dim; d++) v[d] /= norm;
                });
                file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan(0, rows * dim)));
            }
        }
        Write(Path.Combine(dir, "base.f32"), 0, n);
        Write(Path.Combine(dir, "queries.f32"), n, queries);
        File.WriteAllText(Path.Combine(dir, "shape.txt"), string.Create(CultureInfo.InvariantCulture, $"{n} {queries} {dim} {clusters} {rank} {seed} {noise:0.0##}\n"));
        Console.Error.WriteLine($"generate: {n} + {queries} queries × {dim}-d, {clusters} clusters (spread rank {rank}, noise σ {noise}), seed {seed}: {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static (long N, int Queries, int Dim) Shape(string dir)
    {
        var parts = File.ReadAllText(Path.Combine(dir, "shape.txt")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Exact top-k by inner product for every query: blocks of base rows against all queries, per thread, then merged.</summary>
    private static unsafe int Truth(string dir, Dictionary<string, string> o)
    {
        var k = Int(o, "k", 10);
        var (n, q, dim) = Shape(dir);
        var queries = ReadFloats(Path.Combine(dir, "queries.f32"), (long)q * dim);
        var clock = Stopwatch.StartNew();
        using var map = MemoryMappedFile.CreateFromFile(Path.Combine(dir, "base.f32"), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, n * dim * 4, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        var data = (nint)(pointer + view.PointerOffset);
        var threads = Environment.ProcessorCount;
        var bestIds = new long[threads][];
        var bestScores = new float[threads][];
        const int Block = 256;
        var blocks = (n + Block - 1) / Block;
        var next = -1L;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var ids = new long[q * k];
            var scores = new float[q * k];
            Array.Fill(scores, float.NegativeInfinity);
            long b;
            while ((b = Interlocked.Increment(ref next)) < blocks)
            {
                var start = b * Block;
                var rows = (int)Math.Min(Block, n - start);
                for (var qi = 0; qi < q; qi++)
                {
                    var query = new ReadOnlySpan<float>(queries, qi * dim, dim);
                    var s = scores.AsSpan(qi * k, k);
                    var id = ids.AsSpan(qi * k, k);
                    for (var r = 0; r < rows; r++)
                    {
                        var score = Dot(query, new ReadOnlySpan<float>((float*)data + (start + r) * dim, dim));
                        if (score <= s[k - 1]) continue;
                        var at = k - 1;
                        while (at > 0 && s[at - 1] < score) { s[at] = s[at - 1]; id[at] = id[at - 1]; at--; }
                        s[at] = score;
                        id[at] = start + r;
                    }
                }
            }
            bestIds[t] = ids;
            bestScores[t] = scores;
        });
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        var truth = new int[q * k];
        for (var qi = 0; qi < q; qi++)
        {
            var merged = Enumerable.Range(0, threads).SelectMany(t => Enumerable.Range(0, k).Select(j => (Id: bestIds[t][qi * k + j], Score: bestScores[t][qi * k + j])))
                .OrderByDescending(p => p.Score).ThenBy(p => p.Id).Take(k).ToArray();
            for (var j = 0; j < k; j++) truth[qi * k + j] = checked((int)merged[j].Id);
        }
        File.WriteAllBytes(Path.Combine(dir, "truth.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(truth.AsSpan()).ToArray());
        Console.Error.WriteLine($"truth: exact top-{k} of {q} queries over {n} vectors on {threads} threads: {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static unsafe int RunIndex(string dir, Dictionary<string, string> o)
    {
        var (n, q, dim) = Shape(dir);
        var scalar = Enum.Parse<VectorScalar>(o.GetValueOrDefault("scalar", "f16"), ignoreCase: true);
        var options = new VectorIndexOptions(Int(o, "m", 16), Int(o, "ef-add", 128), 64, scalar, Int(o, "threads", 0));
        var expansions = o.GetValueOrDefault("ef", "16,32,48,64,96,128,192,256,384,512").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var mapped = o.GetValueOrDefault("mapped", "true") == "true";
        var path = o.GetValueOrDefault("index", Path.Combine(dir, $"candor-{scalar}-m{options.Connectivity}-ef{options.ExpansionAdd}.cvi".ToLowerInvariant()));
        var queries = ReadFloats(Path.Combine(dir, "queries.f32"), (long)q * dim);
        var truthBytes = File.ReadAllBytes(Path.Combine(dir, "truth.i32"));
        var truth = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(truthBytes).ToArray();
        var k = 10;
        var truthK = truth.Length / q;

        double buildSeconds, buildCpu;
        long memoryBuilt;
        string acceleration;
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        using (var map = MemoryMappedFile.CreateFromFile(Path.Combine(dir, "base.f32"), FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
        using (var view = map.CreateViewAccessor(0, n * dim * 4, MemoryMappedFileAccess.Read))
        using (var index = VectorIndex.Create(dim, options))
        {
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var data = (float*)(pointer + view.PointerOffset);
            const int Chunk = 100_000;
            var ids = new long[Chunk];
            for (long start = 0; start < n; start += Chunk)
            {
                var rows = (int)Math.Min(Chunk, n - start);
                for (var i = 0; i < rows; i++) ids[i] = start + i;
                index.AddBatch(ids.AsSpan(0, rows), new ReadOnlySpan<float>(data + start * dim, rows * dim));
                if (n >= 1_000_000 && (start / Chunk) % 10 == 9) Console.Error.WriteLine($"  {start + rows} added, {clock.Elapsed.TotalSeconds:F0} s");
            }
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            buildSeconds = clock.Elapsed.TotalSeconds;
            buildCpu = Cpu() - cpu;
            acceleration = index.HardwareAcceleration;
            memoryBuilt = index.MemoryUsage;
            clock.Restart();
            index.Save(path);
        }
        var saveSeconds = clock.Elapsed.TotalSeconds;
        var peakBuild = PeakRss();
        clock.Restart();
        using var served = VectorIndex.Open(path, mapped);
        var openSeconds = clock.Elapsed.TotalSeconds;
        var rssOpen = Rss();

        Console.WriteLine($"## Candor VectorIndex (USearch {scalar}, M={options.Connectivity}, efConstruction={options.ExpansionAdd}, kernels {acceleration}) — {n:N0} × {dim}-d, {q} queries, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"build {buildSeconds:F1} s wall, {buildCpu:F1} s CPU ({n / buildCpu:N0} vectors per CPU-second); save {saveSeconds:F1} s; open ({(mapped ? "memory-mapped" : "loaded")}, checksum verified) {openSeconds:F2} s");
        Console.WriteLine($"index file {new FileInfo(path).Length / 1048576.0:N0} MiB; USearch memory after build {memoryBuilt / 1048576.0:N0} MiB; peak RSS during build+save {peakBuild / 1048576.0:N0} MiB; RSS after open {rssOpen / 1048576.0:N0} MiB");
        Console.WriteLine();
        Console.WriteLine("| expansion | recall@10 | QPS (all cores) | queries per CPU-second | QPS (1 thread) | p50 ms (1 thread) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var ef in expansions)
        {
            var results = new IReadOnlyList<VectorMatch>[q];
            served.Search(queries.AsSpan(0, dim), k, ef);
            // All cores: the queries split over every core, the way a server answers concurrent requests.
            clock.Restart();
            var searchCpu = Cpu();
            Parallel.For(0, q, i => results[i] = served.Search(queries.AsSpan(i * dim, dim), k, ef));
            var qpsAll = q / clock.Elapsed.TotalSeconds;
            var perCpu = q / (Cpu() - searchCpu);
            var found = 0;
            for (var i = 0; i < q; i++)
            {
                var expected = new HashSet<int>(truth.AsSpan(i * truthK, k).ToArray());
                found += results[i].Count(m => expected.Contains((int)m.Id));
            }
            var single = Math.Min(q, 300);
            var latencies = new double[single];
            clock.Restart();
            for (var i = 0; i < single; i++)
            {
                var t = Stopwatch.GetTimestamp();
                served.Search(queries.AsSpan(i * dim, dim), k, ef);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            var qpsOne = single / clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {ef} | {(double)found / (q * k):F4} | {qpsAll:N0} | {perCpu:N0} | {qpsOne:N0} | {latencies[single / 2]:F3} |"));
        }
        Console.WriteLine($"peak RSS of the whole run {PeakRss() / 1048576.0:N0} MiB");
        return 0;
    }

    private static unsafe int RunIvf(string dir, Dictionary<string, string> o)
    {
        var (n, q, dim) = Shape(dir);
        var options = new IvfIndexOptions(Lists: Int(o, "lists", 0), TrainingSample: Int(o, "sample", 0), Iterations: Int(o, "iterations", 10), Threads: Int(o, "threads", 0));
        var probes = o.GetValueOrDefault("probes", "1,2,4,8,16,32,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var lists = options.ListsFor(n);
        var path = o.GetValueOrDefault("index", Path.Combine(dir, $"candor-ivf{lists}.civf"));
        var queries = ReadFloats(Path.Combine(dir, "queries.f32"), (long)q * dim);
        var truth = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(dir, "truth.i32"))).ToArray();
        const int k = 10;
        var truthK = truth.Length / q;

        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        double trainSeconds, trainCpu, buildSeconds, buildCpu;
        int sampleSize;
        using (var map = MemoryMappedFile.CreateFromFile(Path.Combine(dir, "base.f32"), FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
        using (var view = map.CreateViewAccessor(0, n * dim * 4, MemoryMappedFileAccess.Read))
        {
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var data = (float*)(pointer + view.PointerOffset);
            var builder = new IvfIndexBuilder(dim, options);
            var rows = IvfIndexBuilder.SampleRows(n, options.SampleFor(n), options.Seed);
            sampleSize = rows.Length;
            var sample = new float[rows.LongLength * dim];
            for (var i = 0; i < rows.Length; i++) new ReadOnlySpan<float>(data + rows[i] * dim, dim).CopyTo(sample.AsSpan(i * dim));
            builder.Train(sample, n);
            trainSeconds = clock.Elapsed.TotalSeconds;
            trainCpu = Cpu() - cpu;
            const int Chunk = 100_000;
            var ids = new long[Chunk];
            for (long start = 0; start < n; start += Chunk)
            {
                var count = (int)Math.Min(Chunk, n - start);
                for (var i = 0; i < count; i++) ids[i] = start + i;
                builder.AddBatch(ids.AsSpan(0, count), new ReadOnlySpan<float>(data + start * dim, count * dim));
            }
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            buildSeconds = clock.Elapsed.TotalSeconds;
            buildCpu = Cpu() - cpu;
            clock.Restart();
            builder.Save(path);
        }
        var saveSeconds = clock.Elapsed.TotalSeconds;
        var peakBuild = PeakRss();
        clock.Restart();
        using var served = IvfIndex.Open(path);
        var openSeconds = clock.Elapsed.TotalSeconds;
        var rssOpen = Rss();
        var sizes = Enumerable.Range(0, served.Lists).Select(served.ListSize).Order().ToArray();

        Console.WriteLine($"## Candor IvfIndex (f16, {served.Lists} lists, k-means {options.Iterations} rounds on {sampleSize:N0} vectors; {(Vector512.IsHardwareAccelerated ? "512" : Vector256.IsHardwareAccelerated ? "256" : "scalar")}-bit kernels) — {n:N0} × {dim}-d, {q} queries, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"build {buildSeconds:F1} s wall, {buildCpu:F1} s CPU (training {trainSeconds:F1} s wall, {trainCpu:F1} s CPU); save {saveSeconds:F1} s; open (memory-mapped, checksum verified) {openSeconds:F2} s");
        Console.WriteLine($"index file {new FileInfo(path).Length / 1048576.0:N0} MiB; peak RSS during build+save {peakBuild / 1048576.0:N0} MiB; RSS after open {rssOpen / 1048576.0:N0} MiB; list sizes min {sizes[0]:N0} / median {sizes[sizes.Length / 2]:N0} / max {sizes[^1]:N0}");
        Console.WriteLine();
        Console.WriteLine("| nprobe | recall@10 | QPS (all cores) | queries per CPU-second | QPS (1 thread) | p50 ms (1 thread) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var probe in probes)
        {
            var results = new IReadOnlyList<VectorMatch>[q];
            Parallel.For(0, Math.Min(q, 50), i => served.Search(queries.AsSpan(i * dim, dim), k, probe));
            clock.Restart();
            var searchCpu = Cpu();
            Parallel.For(0, q, i => results[i] = served.Search(queries.AsSpan(i * dim, dim), k, probe));
            var qpsAll = q / clock.Elapsed.TotalSeconds;
            var perCpu = q / (Cpu() - searchCpu);
            var found = 0;
            for (var i = 0; i < q; i++)
            {
                var expected = new HashSet<int>(truth.AsSpan(i * truthK, k).ToArray());
                found += results[i].Count(m => expected.Contains((int)m.Id));
            }
            var single = Math.Min(q, 300);
            var latencies = new double[single];
            clock.Restart();
            for (var i = 0; i < single; i++)
            {
                var t = Stopwatch.GetTimestamp();
                served.Search(queries.AsSpan(i * dim, dim), k, probe);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            var qpsOne = single / clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {probe} | {(double)found / (q * k):F4} | {qpsAll:N0} | {perCpu:N0} | {qpsOne:N0} | {latencies[single / 2]:F3} |"));
        }
        Console.WriteLine($"peak RSS of the whole run {PeakRss() / 1048576.0:N0} MiB");
        return 0;
    }

    private static float[] ReadFloats(string path, long count)
    {
        var values = new float[count];
        using var file = File.OpenRead(path);
        file.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static long Rss() => StatusKilobytes("VmRSS:") * 1024;

    private static long PeakRss() => StatusKilobytes("VmHWM:") * 1024;

    private static long StatusKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector512<float>.Zero;
        var i = 0;
        for (; i + 16 <= a.Length; i += 16)
            sum = Vector512.FusedMultiplyAdd(Vector512.Create(a.Slice(i, 16)), Vector512.Create(b.Slice(i, 16)), sum);
        var total = Vector512.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
