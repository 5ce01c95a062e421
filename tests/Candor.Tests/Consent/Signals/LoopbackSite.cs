using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Candor.Tests.Consent.Signals;

/// <summary>A real HTTP site on 127.0.0.1 and a free port (Kestrel) that serves canned responses by path and counts requests.</summary>
internal sealed class LoopbackSite : IAsyncDisposable
{
    public sealed record Page(int Status = 200, string Body = "", string ContentType = "text/plain", Dictionary<string, string>? Headers = null, TimeSpan Delay = default, string? Location = null);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Page> _pages = new(StringComparer.Ordinal);

    private LoopbackSite(WebApplication app) => _app = app;

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Root { get; private set; } = "";

    /// <summary>Requests received per path (method + path, e.g. <c>GET /robots.txt</c>).</summary>
    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    /// <summary>The most requests this site was ever handling at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private int _inFlight;
    private int _maxInFlight;

    public void Serve(string path, Page page) => _pages[path] = page;

    public static async Task<LoopbackSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var site = new LoopbackSite(app);
        app.Run(site.HandleAsync);
        await app.StartAsync();
        site.Root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return site;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = _maxInFlight; now > seen; seen = _maxInFlight) Interlocked.CompareExchange(ref _maxInFlight, now, seen);
        try
        {
            await RespondAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RespondAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Hits.AddOrUpdate($"{context.Request.Method} {path}", 1, (_, n) => n + 1);
        if (!_pages.TryGetValue(path, out var page))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (page.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(page.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = page.Status;
        context.Response.ContentType = page.ContentType;
        if (page.Location is not null) context.Response.Headers.Location = page.Location;
        foreach (var (name, value) in page.Headers ?? []) context.Response.Headers.Append(name, value);
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.WriteAsync(page.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
