using System.Collections.Concurrent;
using Candor.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Candor.Tests.Server.Browser;

/// <summary>
/// A real <c>candor serve</c> on a free loopback port and Debian's chromium (never a downloaded browser) driven
/// headless by Playwright with a fresh profile, one of each per test class. Every console error and uncaught
/// page error (a CSP violation included) is collected in <see cref="Problems"/>.
/// </summary>
public sealed class ServedBrowser : IAsyncLifetime
{
    /// <summary>Debian's chromium, installed by <c>scripts/setup.sh --tests</c>.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic", "--disable-sync",
    ];

    // The elements that reach past the viewport's right edge, for the failure message.
    private const string WidestElements = """
        () => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''} right=${Math.round(e.getBoundingClientRect().right)}`)
          .join(', ')
        """;

    private readonly ServerOptions _options;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowserContext? _context;
    private string? _profile;

    /// <summary>A server with the default options (no signing key, no index).</summary>
    public ServedBrowser()
        : this(new ServerOptions())
    {
    }

    /// <summary>A server with <paramref name="options"/> (for fixtures that build what it serves first).</summary>
    internal ServedBrowser(ServerOptions options) => _options = options;

    /// <summary>The server's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Console errors and page errors seen by any page of this browser.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests drive Debian's chromium at {ChromiumPath}, which is not installed: run scripts/setup.sh --tests (apt-get install -y chromium).");
        _app = CandorServer.Build(_options, ["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _profile = Directory.CreateTempSubdirectory("candor-chromium-").FullName;
        try
        {
            _playwright = await Playwright.CreateAsync();
            _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                AcceptDownloads = true,
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                Timeout = 60_000,
            });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"Debian's chromium at {ChromiumPath} did not start under Playwright (try: chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank): {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens one of the server's pages in a new tab, closing the tabs of earlier tests (a background tab does not get
    /// the focus keyboard tests need), and waits until its modules have run.
    /// </summary>
    public Task<IPage> OpenAsync(string path) => OpenAsync(new Uri(BaseAddress, path));

    /// <summary>Opens <paramref name="address"/> (a page of this or another local server) as <see cref="OpenAsync(string)"/> does.</summary>
    public async Task<IPage> OpenAsync(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var context = _context ?? throw new InvalidOperationException("the browser is not started");
        var page = await context.NewPageAsync();
        foreach (var earlier in context.Pages.Where(p => p != page).ToList()) await earlier.CloseAsync();
        page.SetDefaultTimeout(20_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Problems.Enqueue($"{page.Url}: console error: {message.Text}");
        };
        page.PageError += (_, error) => Problems.Enqueue($"{page.Url}: page error: {error}");
        await page.GotoAsync(address.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        return page;
    }

    /// <summary>
    /// Writes docs/screenshots/NAME-desktop.png (1280×800) and NAME-360.png (360 px wide), and checks that the page
    /// does not scroll sideways at 360 px.
    /// </summary>
    public static async Task ScreenshotsAsync(IPage page, string name)
    {
        var folder = RepositoryRoot.Path("docs/screenshots");
        Directory.CreateDirectory(folder);
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-desktop.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        await page.SetViewportSizeAsync(360, 800);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width > 360)
        {
            var wide = await page.EvaluateAsync<string>(WidestElements);
            Assert.Fail($"{name} is {width} px wide at a 360 px viewport: it scrolls sideways ({wide})");
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-360.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        await page.SetViewportSizeAsync(1280, 800);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still be letting go of its profile; the temp folder is cleaned by the system.
            }
        }
    }
}
