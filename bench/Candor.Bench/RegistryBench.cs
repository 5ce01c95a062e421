using System.Diagnostics;
using Candor.Consent;
using Candor.Postgres;
using Candor.Registry;
using Parquet;

namespace Candor.Bench;

/// <summary>
/// <c>registry-check [--works N] [--batches B] [--sqlite PATH] [--postgres CONNECTION-STRING]</c>: builds a registry
/// of N works (default 10 million: 80 % exact URLs, 10 % URL prefixes, 5 % domains, 5 % PDQ) generated from the
/// LAION sample's URL shapes in each store given, loads the in-memory snapshot from it, and times bulk checks of
/// 10,000 URLs (half registered, half not). Prints load time, memory, URLs/s and p50/p99 per batch for each store.
/// </summary>
internal static class RegistryBench
{
    public static int Run(string[] args)
    {
        var works = 10_000_000;
        var batches = 100;
        var stores = new List<(string Name, Func<IConsentStore> Open)>();
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--works": works = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--batches": batches = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--sqlite": { var p = args[++i]; stores.Add(("sqlite", () => new SqliteConsentStore(p))); break; }
                case "--postgres": { var c = args[++i]; stores.Add(("postgresql", () => new PostgresConsentStore(c))); break; }
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (stores.Count == 0) { Console.Error.WriteLine("give --sqlite PATH and/or --postgres CONNECTION-STRING"); return 2; }
        var (hosts, paths) = Shapes();
        Console.WriteLine($"# {works:N0} works generated from {hosts.Length:N0} hosts and {paths.Length:N0} paths of the LAION sample; {Environment.ProcessorCount} cores");
        Console.WriteLine("| store | load (s) | works/s loaded | snapshot load (s) | snapshot arrays MB | process MB | 1 caller URLs/s | p50 ms | p99 ms | 2 callers URLs/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, open) in stores) RunOne(name, open, works, batches, hosts, paths).GetAwaiter().GetResult();
        return 0;
    }

    private static string Url(string[] hosts, string[] paths, long i) =>
        $"https://{hosts[(int)(i % hosts.Length)]}/{i:x}/{paths[(int)(i / hosts.Length % paths.Length)]}";

    private static async Task RunOne(string name, Func<IConsentStore> open, int works, int batches, string[] hosts, string[] paths)
    {
        var clock = Stopwatch.StartNew();
        await using (var store = open())
        {
            var registry = new ConsentRegistry(store, []);
            await registry.InitializeAsync();
            const int chunk = 250_000;
            Owner? owner = null;
            for (var start = 0; start < works; start += chunk)
            {
                if (start % 1_000_000 == 0) owner = (await registry.RegisterOwnerAsync($"bench {start}")).Owner;
                var n = Math.Min(chunk, works - start);
                var specs = new WorkSpec[n];
                for (var k = 0; k < n; k++)
                {
                    long i = start + k;
                    var m = i % 20;
                    specs[k] = m < 16 ? new WorkSpec(WorkKind.Url, Url(hosts, paths, i), ConsentStatuses.OptOutAll)
                        : m < 18 ? new WorkSpec(WorkKind.UrlPrefix, $"https://{hosts[(int)(i % hosts.Length)]}/{i:x}/", ConsentStatuses.OptOutAll)
                        : m < 19 ? new WorkSpec(WorkKind.Domain, $"d{i:x}.{hosts[(int)(i % hosts.Length)]}", ConsentStatuses.OptOutAll)
                        : new WorkSpec(WorkKind.Pdq, $"{(ulong)i * 0x9E3779B97F4A7C15UL:x16}{(ulong)i * 0xC2B2AE3D27D4EB4FUL:x16}{(ulong)i * 0x165667B19E3779F9UL:x16}{(ulong)i * 0x27D4EB2F165667C5UL:x16}", ConsentStatuses.OptOutAll);
                }
                await store.AddWorksAsync(owner!.Id, [.. specs.Select(s => ConsentRegistry.TryNormalize(s, out var w, out var p) ? w! : throw new InvalidOperationException(p))], $"owner {owner.Id}", DateTimeOffset.UtcNow);
                Console.Error.Write($"\r{name}: {start + n:N0} works written in {clock.Elapsed.TotalSeconds:F0} s   ");
            }
        }
        Console.Error.WriteLine();
        var load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await using var store2 = open();
        var fresh = new ConsentRegistry(store2, []) { RefreshInterval = TimeSpan.FromDays(1) };
        await fresh.InitializeAsync();
        var snapshotLoad = clock.Elapsed.TotalSeconds;
        var rng = new Random(7);
        var batchList = Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, 10_000).Select(k =>
        {
            long i = rng.NextInt64(works);
            return new ConsentQuery(Url: k % 2 == 0 ? Url(hosts, paths, i - i % 20) : $"https://unregistered{i % 97}.example.org/{i:x}/{paths[(int)(i % paths.Length)]}");
        }).ToArray()).ToArray();
        // Sanity: half of each batch is registered.
        var sanity = fresh.Check(batchList[0], ConsentUse.AiTraining).Count(d => d.Verdict == ConsentVerdict.Forbidden);
        if (sanity < 4_900) throw new InvalidOperationException($"only {sanity} of 10,000 forbidden; expected ~5,000");
        for (var w = 0; w < 3; w++) fresh.Check(batchList[w], ConsentUse.AiTraining);
        var one = Measure(fresh, batchList, 1);
        var two = Measure(fresh, batchList, 2);
        Console.WriteLine($"| {name} | {load:F0} | {works / load:N0} | {snapshotLoad:F1} | {fresh.SnapshotBytes / 1e6:F0} | {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} | {one.Rate:N0} | {one.P50:F1} | {one.P99:F1} | {two.Rate:N0} | {two.P50:F1} | {two.P99:F1} |");
    }

    private static (double Rate, double P50, double P99) Measure(ConsentRegistry registry, ConsentQuery[][] batches, int callers)
    {
        var latencies = new double[batches.Length];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, callers).Select(_ => new Thread(() =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Length)
            {
                var t = Stopwatch.GetTimestamp();
                registry.Check(batches[b], ConsentUse.AiTraining);
                latencies[b] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (batches.Length * 10_000 / seconds, latencies[latencies.Length / 2], latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(latencies.Length * 0.99) - 1)]);
    }

    private static (string[] Hosts, string[] Paths) Shapes()
    {
        var path = Path.Combine(BenchCorpus.Require(), "datasets", "laion-sample", "test_10000.parquet");
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        var field = reader.Schema.DataFields.First(f => f.Name.Equals("url", StringComparison.OrdinalIgnoreCase));
        var hosts = new HashSet<string>();
        var paths = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var v = new ReadOnlyMemory<char>?[(int)group.RowCount];
            group.ReadAsync<ReadOnlyMemory<char>>(field, v.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            foreach (var s in v)
                if (s is { } m && ConsentUrl.TryParse(m.ToString(), out var url, out _))
                {
                    hosts.Add(url.Host);
                    var last = url.Path[(url.Path.LastIndexOf('/') + 1)..];
                    if (last.Length is > 0 and < 80) paths.Add(last);
                }
        }
        return ([.. hosts.Where(h => h.Contains('.') && !char.IsAsciiDigit(h[^1]) && h[^1] != ']')], [.. paths.Distinct()]);
    }
}
