using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Candor.Inspection;
using Candor.Server;

namespace Candor.Bench;

/// <summary>
/// <c>serve-inspect FOLDER [REQUESTS] [CONCURRENCY]</c>: POST /api/inspect on loopback (the server in this process,
/// a fixed number of requests, CONCURRENCY at a time) beside the same inspections in process (Inspector over the
/// same bytes, same concurrency), as requests per second and p50/p99 latency, and the ratio of the two.
/// </summary>
internal static class ServeInspect
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is < 1 or > 3) { Console.Error.WriteLine("usage: serve-inspect FOLDER [REQUESTS=400] [CONCURRENCY=4]"); return 2; }
        var files = Directory.EnumerateFiles(args[0], "*", SearchOption.AllDirectories)
            .Where(f => Candor.Formats.ImageFileExtensions.FormatOf(f) is not null).Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToArray();
        var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        if (files.Length == 0) { Console.Error.WriteLine($"no images under {args[0]}"); return 2; }

        var inspector = new Inspector(new InspectOptions { IncludeRaw = true });
        var inProcess = await Measure(requests, concurrency, i =>
        {
            var (name, bytes) = files[i % files.Length];
            using var stream = new MemoryStream(bytes, writable: false);
            ReportJson.Serialize(inspector.Inspect(stream, name), indented: false);
            return Task.CompletedTask;
        });

        await using var app = CandorServer.Build(new ServerOptions(), ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = concurrency })
        { BaseAddress = new Uri(CandorServer.Addresses(app)[0]) };
        using var session = JsonDocument.Parse(await client.GetStringAsync("/api/session"));
        var token = session.RootElement.GetProperty("csrf").GetString()!;
        var failures = 0;
        var overHttp = await Measure(requests, concurrency, async i =>
        {
            var (name, bytes) = files[i % files.Length];
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inspect") { Content = form };
            request.Headers.Add("X-Candor-Csrf", token);
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
        });
        await app.StopAsync();

        Console.WriteLine($"{files.Length} files, {requests} inspections each way, {concurrency} at a time, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"",-22}{"req/s",10}{"p50 ms",10}{"p99 ms",10}");
        Row("in process (Inspector)", inProcess);
        Row("POST /api/inspect", overHttp);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio HTTP / in process: {overHttp.PerSecond / inProcess.PerSecond:P0} (target ≥ 70%){(failures > 0 ? $"; {failures} requests failed" : "")}"));
        return failures > 0 ? 1 : 0;
    }

    private static void Row(string name, (double PerSecond, double P50, double P99) r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22}{r.PerSecond,10:0.0}{r.P50,10:0.0}{r.P99,10:0.0}"));

    private static async Task<(double PerSecond, double P50, double P99)> Measure(int requests, int concurrency, Func<int, Task> one)
    {
        // One untimed pass first, so that neither side pays for compiling its code path in the figures.
        for (var w = 0; w < Math.Min(requests, 64); w++) await one(w);
        var latencies = new double[requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                await one(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (requests / seconds, latencies[(int)(0.50 * (requests - 1))], latencies[(int)(0.99 * (requests - 1))]);
    }
}
