using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Candor.Registry;
using Candor.Server;
using Microsoft.Extensions.Hosting;

namespace Candor.Bench;

/// <summary>
/// <c>consent-bulk</c>: the bulk check over HTTP against a large registry.
/// <list type="bullet">
/// <item><c>build DB WORKS</c> (a SQLite file or <c>postgres:CONNECTION-STRING</c>): a registry of WORKS synthetic works (10 owners; 85 % exact URLs, 10 % URL
/// prefixes, 4 % domains, 1 % SHA-256), written through <see cref="ConsentRegistry.AddWorksAsync"/> in calls of 1 million.</item>
/// <item><c>serve DB</c> (a SQLite file or <c>postgres:CONNECTION-STRING</c>, e.g. one <c>registry-check</c> filled): the real server (<see cref="CandorServer.Build"/>) over that registry on a free loopback
/// port; prints <c>listening URL</c>, <c>key KEY</c> and the snapshot's size, then serves until stopped.</item>
/// <item><c>load URL KEY WORKS [--clients N] [--batches M] [--hit P] [--api check|spawning] [--pid PID]</c>: N clients
/// each posting 10,000-URL batches (a fraction P of them registered URLs, some spelled differently) until M batches
/// are answered; prints URLs/s, p50/p99/max per batch, and the server's CPU from /proc/PID/stat.</item>
/// </list>
/// </summary>
internal static class ConsentBulk
{
    private const int Owners = 10;
    private const int Batch = 10_000;

    public static async Task<int> RunAsync(string[] args) => args switch
    {
        ["build", var db, var works] => await BuildAsync(db, long.Parse(works, CultureInfo.InvariantCulture)),
        ["serve", var db, .. var rest] => await ServeAsync(db, rest),
        ["profile", var db, var works] => await ProfileAsync(db, long.Parse(works, CultureInfo.InvariantCulture)),
        ["load", var url, var key, var works, .. var rest] => await LoadAsync(new Uri(url), key, long.Parse(works, CultureInfo.InvariantCulture), rest),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: consent-bulk build DB WORKS | serve DB [--urls URL] | load URL KEY WORKS [--clients N] [--batches M] [--hit P] [--api check|spawning] [--pid PID]");
        return 2;
    }

    // ---- the synthetic registry: work i is a deterministic function of i ----

    /// <summary>The kind of work number <paramref name="i"/>: 85 % URL, 10 % prefix, 4 % domain, 1 % SHA-256.</summary>
    private static WorkKind KindOf(long i) => (i % 100) switch
    {
        < 85 => WorkKind.Url,
        < 95 => WorkKind.UrlPrefix,
        < 99 => WorkKind.Domain,
        _ => WorkKind.Sha256,
    };

    private static string Host(long i) => $"cdn{(i * 2654435761L) % 400_009}.site{i % 9973}.example.com";

    private static string WorkValue(long i) => KindOf(i) switch
    {
        WorkKind.Url => $"https://{Host(i)}/images/{i % 977}/{i:x8}/photo-{i}.jpg",
        WorkKind.UrlPrefix => $"https://{Host(i)}/galleries/artist-{i}/",
        WorkKind.Domain => $"artist-{i}.portfolio.example.org",
        _ => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
    };

    /// <summary>A URL that work <paramref name="i"/> covers, spelled as a crawler might find it.</summary>
    private static string HitUrl(long i, Random random) => KindOf(i) switch
    {
        WorkKind.Url => (random.Next(4)) switch
        {
            0 => $"http://{Host(i).ToUpperInvariant()}:80/images/{i % 977}/{i:x8}/photo-{i}.jpg",
            1 => $"https://{Host(i)}./images/{i % 977}/{i:x8}/photo-{i}.jpg#zoom",
            _ => $"https://{Host(i)}/images/{i % 977}/{i:x8}/photo-{i}.jpg",
        },
        WorkKind.UrlPrefix => $"https://{Host(i)}/galleries/artist-{i}/2024/{random.Next(100_000)}.png",
        WorkKind.Domain => $"https://img{random.Next(10)}.artist-{i}.portfolio.example.org/full/{random.Next(100_000)}.webp",
        _ => $"https://{Host(i)}/images/{i % 977}/{i:x8}/photo-{i}.jpg",
    };

    /// <summary>A URL no work covers, of the same shape and length (LAION's median URL is about 90 characters).</summary>
    private static string MissUrl(Random random)
    {
        var j = random.NextInt64(1L << 40);
        return $"https://{Host(j)}/images/{j % 977}/{j:x10}/unregistered-{random.Next()}.jpg?w={random.Next(2000)}";
    }

    private static async Task<int> BuildAsync(string db, long works)
    {
        var postgres = db.StartsWith("postgres:", StringComparison.Ordinal);
        if (!postgres && File.Exists(db)) { Console.Error.WriteLine($"{db} exists; remove it first"); return 2; }
        await using IConsentStore store = Open(db);
        var registry = new ConsentRegistry(store, []);
        await registry.InitializeAsync();
        var owners = new List<Owner>();
        for (var o = 0; o < Owners; o++) owners.Add((await registry.RegisterOwnerAsync($"bench owner {o}")).Owner);
        var clock = Stopwatch.StartNew();
        const int call = 1_000_000;
        for (long start = 0; start < works; start += call)
        {
            var n = (int)Math.Min(call, works - start);
            var specs = new WorkSpec[n];
            for (var k = 0; k < n; k++) specs[k] = new WorkSpec(KindOf(start + k), WorkValue(start + k), ConsentStatuses.OptOutAll);
            await registry.AddWorksAsync(owners[(int)(start / call % Owners)], specs);
            Console.WriteLine($"{start + n:N0} works, {clock.Elapsed.TotalSeconds:0} s, snapshot {registry.SnapshotBytes / 1e6:0} MB");
        }
        Console.WriteLine(postgres ? $"built the PostgreSQL registry: {works:N0} works in {clock.Elapsed.TotalSeconds:0} s"
            : $"built {db}: {works:N0} works in {clock.Elapsed.TotalSeconds:0} s, {new FileInfo(db).Length / 1e9:0.00} GB");
        return 0;
    }

    /// <summary>A SQLite file, or <c>postgres:CONNECTION-STRING</c>.</summary>
    private static IConsentStore Open(string db) =>
        db.StartsWith("postgres:", StringComparison.Ordinal) ? new Candor.Postgres.PostgresConsentStore(db["postgres:".Length..]) : new SqliteConsentStore(db);

    private static async Task<int> ServeAsync(string db, string[] rest)
    {
        var urls = rest is ["--urls", var u] ? u : "http://127.0.0.1:0";
        await using var store = Open(db);
        var registry = new ConsentRegistry(store, []);
        var clock = Stopwatch.StartNew();
        await registry.InitializeAsync();
        var load = clock.Elapsed;
        var key = (await registry.RegisterOwnerAsync("bench client")).ApiKey;
        await using var app = CandorServer.Build(new ServerOptions { Registry = registry }, ["--urls", urls, "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        Console.WriteLine($"snapshot {registry.SnapshotWorks:N0} works, {registry.SnapshotBytes / 1e6:0} MB, loaded in {load.TotalSeconds:0.0} s; process {Environment.WorkingSet / 1e6:0} MB");
        Console.WriteLine($"key {key}");
        Console.WriteLine($"listening {CandorServer.Addresses(app)[0]}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Where a batch's time goes in process: URL normalisation alone, the registry's whole check, JSON in and out.</summary>
    private static async Task<int> ProfileAsync(string db, long works)
    {
        await using var store = Open(db);
        var registry = new ConsentRegistry(store, []);
        await registry.InitializeAsync();
        var random = new Random(7);
        var urls = new string[Batch];
        for (var k = 0; k < Batch; k++) urls[k] = random.NextDouble() < 0.05 ? HitUrl(random.NextInt64(works), random) : MissUrl(random);
        var queries = urls.Select(u => new Candor.Consent.ConsentQuery(u)).ToArray();
        var body = CheckBody(urls);
        var rounds = 30;
        // CPU time of this process per round (all threads), which a busy machine inflates far less than wall time.
        double Time(Action action)
        {
            action();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var r = 0; r < rounds; r++) action();
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / rounds;
        }
        var parse = Time(() => { foreach (var u in urls) Candor.Consent.ConsentUrl.TryParse(u, out _, out _); });
        var urlKey = new Candor.Consent.ConsentUrlKey();
        var keys = Time(() => { foreach (var u in urls) urlKey.TrySet(u, out _); });
        var check = Time(() => registry.Check(queries, Candor.Consent.ConsentUse.AiTraining));
        var json = Time(() => { using var d = JsonDocument.Parse(body); });
        var decisions = registry.Check(queries, Candor.Consent.ConsentUse.AiTraining);
        var write = Time(() =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
            using var w = new Utf8JsonWriter(buffer);
            w.WriteStartArray();
            foreach (var d in decisions)
            {
                w.WriteStartObject();
                w.WriteString("verdict", d.Verdict.ToString());
                w.WriteString("reason", d.Reason);
                w.WriteStartArray("evidence");
                foreach (var e in d.Evidence) { w.WriteStartObject(); w.WriteString("detail", e.Detail); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        Console.WriteLine($"CPU ms per batch of {Batch:N0} URLs: ConsentUrl.TryParse {parse:0.0} ms, ConsentUrlKey.TrySet (what the check uses) {keys:0.0} ms, registry.Check (2 threads) {check:0.0} ms, JSON parse {json:0.0} ms, JSON write {write:0.0} ms; body {body.Length / 1e6:0.00} MB");
        return 0;
    }

    // ---- the load generator ----

    private static async Task<int> LoadAsync(Uri server, string key, long works, string[] rest)
    {
        int clients = 4, batches = 200;
        double hit = 0.05;
        var api = "check";
        int? pid = null;
        for (var a = 0; a + 1 < rest.Length; a += 2)
        {
            var v = rest[a + 1];
            switch (rest[a])
            {
                case "--clients": clients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--batches": batches = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--hit": hit = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--api": api = v; break;
                case "--pid": pid = int.Parse(v, CultureInfo.InvariantCulture); break;
                default: return Usage();
            }
        }
        // Distinct bodies, made before the clock starts so the generator's own work is not measured.
        var random = new Random(42);
        var bodies = new byte[Math.Min(batches, 32)][];
        var expectedHits = 0;
        for (var b = 0; b < bodies.Length; b++)
        {
            var list = new string[Batch];
            for (var k = 0; k < Batch; k++)
            {
                if (random.NextDouble() < hit)
                {
                    long i;
                    do i = random.NextInt64(works); while (KindOf(i) == WorkKind.Sha256);
                    list[k] = HitUrl(i, random);
                    if (b == 0) expectedHits++;
                }
                else list[k] = MissUrl(random);
            }
            bodies[b] = api == "spawning" ? Encoding.UTF8.GetBytes(string.Join('\n', list)) : CheckBody(list);
        }
        var path = api == "spawning" ? "api/v2/query/urls/" : "api/consent/check";
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };

        // Warm-up: one batch per client, and the answer of body 0 checked.
        var first = await SendAsync(http, path, key, api, bodies[0]);
        var forbidden = CountForbidden(first, api);
        Console.WriteLine($"warm-up: body 0 has {expectedHits} registered URLs of {Batch}; the server said {forbidden} forbidden");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => SendAsync(http, path, key, api, bodies[c % bodies.Length])));

        var latencies = new double[batches];
        var next = -1;
        var failures = 0;
        var cpuBefore = pid is { } p0 ? ServerCpu(p0) : 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < batches)
            {
                var t = Stopwatch.GetTimestamp();
                try
                {
                    await SendAsync(http, path, key, api, bodies[n % bodies.Length]);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[n] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = pid is { } p1 ? ServerCpu(p1) - cpuBefore : double.NaN;
        Array.Sort(latencies);
        double Pct(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        Console.WriteLine($"{api}: {clients} clients, {batches} batches of {Batch:N0} URLs ({hit:P0} registered), {wall:0.00} s, {failures} failed");
        Console.WriteLine($"{"URLs/s",12}{"p50 ms",10}{"p99 ms",10}{"max ms",10}{"server CPU s",14}{"server cores",14}");
        Console.WriteLine($"{batches * (double)Batch / wall,12:N0}{Pct(0.50),10:0.0}{Pct(0.99),10:0.0}{latencies[^1],10:0.0}{cpu,14:0.00}{cpu / wall,14:0.00}");
        return failures == 0 ? 0 : 1;
    }

    private static byte[] CheckBody(string[] urls)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("use", "ai-training");
            w.WriteStartArray("items");
            foreach (var u in urls)
            {
                w.WriteStartObject();
                w.WriteString("url", u);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static async Task<byte[]> SendAsync(HttpClient http, string path, string key, string api, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(api == "spawning" ? "text/plain" : "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "API " + key);
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    private static int CountForbidden(byte[] answer, string api)
    {
        using var doc = JsonDocument.Parse(answer);
        return api == "spawning"
            ? doc.RootElement.GetProperty("urls").EnumerateArray().Count(u => u.GetProperty("optOut").GetBoolean())
            : doc.RootElement.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("verdict").GetString() == "forbidden");
    }

    /// <summary>User plus system CPU seconds of process <paramref name="pid"/> so far, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double ServerCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is fields[0]; utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
