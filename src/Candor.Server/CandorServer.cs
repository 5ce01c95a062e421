using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace Candor.Server;

/// <summary>
/// <c>candor serve</c>: the library behind a local web API and pages. Inspect, verify, watermark, disclose and sign,
/// and search an index of a data set, over HTTP, with uploads capped and held in memory (or a private temporary folder), CSRF-protected POSTs,
/// strict security headers, JSON errors without internals, and a bounded number of images in work at once.
/// </summary>
public static class CandorServer
{
    private const string HeavyPolicy = "images";

    // A multipart body is the file plus its part headers and the small fields beside it.
    private const long FormOverhead = 1L << 20;

    /// <summary>
    /// Builds the server. <paramref name="args"/> are ASP.NET Core's (e.g. <c>--urls http://127.0.0.1:0</c>); without an
    /// address there or in ASPNETCORE_URLS it listens on <see cref="ServerOptions.DefaultUrl"/>. Start it with
    /// <c>RunAsync</c> or <c>StartAsync</c>; <see cref="Addresses"/> then gives the bound addresses. The index of
    /// <see cref="ServerOptions.IndexFolder"/> is opened here and closed when the server is disposed.
    /// </summary>
    /// <exception cref="ArgumentException">An encoder configuration is given without an index folder.</exception>
    /// <exception cref="IOException">The index folder is not an index (<see cref="DirectoryNotFoundException"/>), or a file of it or an encoder configuration is missing.</exception>
    /// <exception cref="UnauthorizedAccessException">A file of the index cannot be read.</exception>
    /// <exception cref="CandorFormatException">A file of the index or an encoder configuration is damaged or of another version.</exception>
    public static WebApplication Build(ServerOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            // Never Development: its exception page would show stack traces to the client.
            EnvironmentName = Environments.Production,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        var bodyLimit = options.MaxUploadBytes + FormOverhead;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = bodyLimit;
        });
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = bodyLimit;
            // Uploads stay in memory: the form reader would otherwise spill files over 64 KiB to the shared temp folder.
            f.MemoryBufferThreshold = (int)Math.Min(int.MaxValue, bodyLimit);
            f.ValueCountLimit = 256;
            f.ValueLengthLimit = 64 * 1024;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SigningGate>();
        // Opened here, so that a wrong folder stops the server before it listens; handed to the container through a
        // factory, so that the container closes it when the server is disposed.
        var served = ServedIndex.Open(options);
        builder.Services.AddSingleton(_ => served);
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(r =>
        {
            r.AddConcurrencyLimiter(HeavyPolicy, c =>
            {
                c.PermitLimit = Math.Max(1, options.MaxConcurrentRequests);
                c.QueueLimit = Math.Max(0, options.QueueLimit);
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            // The consent endpoints: bulk checks are CPU-bound on the in-memory snapshot, so a few at a time per core.
            r.AddConcurrencyLimiter(ConsentEndpoints.Policy, c =>
            {
                c.PermitLimit = Math.Max(2, 2 * options.MaxConcurrentRequests);
                c.QueueLimit = Math.Max(0, options.QueueLimit);
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            r.AddPolicy(ConsentEndpoints.RegisterPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.OwnerRegistrationsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            r.OnRejected = (context, ct) =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/api/consent") || context.HttpContext.Request.Path.StartsWithSegments("/api/v2"))
                {
                    // Clients of the bulk check (and of Spawning's API) retry on 429 with Retry-After.
                    context.HttpContext.Response.Headers.RetryAfter = "1";
                    return new ValueTask(ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ApiErrors.Busy,
                        "too many consent requests at once from here; try again after the Retry-After seconds"));
                }
                return new ValueTask(ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, ApiErrors.Busy,
                    "the server is busy with other images; try again shortly"));
            };
        });

        WebApplication app;
        try
        {
            app = builder.Build();
            app.Services.GetRequiredService<ServedIndex>();
        }
        catch
        {
            served.Dispose();
            throw;
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ApiErrors.HandleUnexpected });
        app.Use(SecurityHeaders.Add);
        app.Use(LogRequest);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapOpenApi();

        var api = app.MapGroup("/api");
        api.AddEndpointFilter(ApiErrors.Filter);
        InformationEndpoints.Map(api);
        var posts = api.MapGroup("").AddEndpointFilter(CsrfFilter).RequireRateLimiting(HeavyPolicy);
        ReadingEndpoints.Map(posts);
        WatermarkEndpoints.Map(posts);
        LabelEndpoints.Map(posts);
        SearchEndpoints.MapReads(api);
        SearchEndpoints.MapQueries(posts);
        // clip-retrieval's paths, at the root where its clients look for them.
        var clip = app.MapGroup("").AddEndpointFilter(ApiErrors.Filter).RequireRateLimiting(HeavyPolicy);
        ClipRetrievalEndpoints.Map(clip);
        // The consent registry: API-key authenticated (no CSRF cookie involved), with its own rate limits.
        ConsentEndpoints.Map(api, app, HeavyPolicy);
        app.Lifetime.ApplicationStarted.Register(() => ReportAddresses(app));
        return app;
    }

    /// <summary>The addresses <paramref name="app"/> listens on, once started (a port 0 replaced by the port given).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    /// <summary>True when <paramref name="address"/> (a URL as Kestrel reports it) can only be reached from this machine.</summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static void ReportAddresses(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CandorServer));
        if (app.Services.GetRequiredService<ServedIndex>().Index is { } index)
            ServerLog.Searching(logger, index.Folder, index.Manifest.Dataset, index.Manifest.Items);
        foreach (var address in Addresses(app))
        {
            if (IsLoopback(address)) ServerLog.Listening(logger, address);
            else ServerLog.NotLoopback(logger, address);
        }
    }

    // The CSRF check as an endpoint filter on the POST group, so that it runs before the form is read.
    private static async ValueTask<object?> CsrfFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CsrfProtection.Refusal(context.HttpContext) ?? await next(context);

    private static async Task LogRequest(HttpContext context, RequestDelegate next)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CandorServer));
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "static";
            ServerLog.Request(logger, context.Request.Method, endpoint, context.Request.ContentLength, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
