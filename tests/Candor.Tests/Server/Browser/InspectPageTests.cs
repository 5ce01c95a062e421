using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Inspect page (index.html) in a real chromium against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectPageTests(ServedBrowser browser) : IClassFixture<ServedBrowser>
{
    private const string ControlNetDog = "generators/a1111/controlnet-legacy_dog_rel.png";

    [SkippableFact]
    public async Task Dropping_a_ControlNet_image_shows_the_generator_the_sampler_and_a_medium_risk_badge()
    {
        var file = Corpus.Path(ControlNetDog);
        var page = await browser.OpenAsync("index.html");

        await page.Locator("#files").SetInputFilesAsync(file);

        var report = page.Locator("article.report");
        await Expect(report).ToHaveCountAsync(1);
        await Expect(report.Locator("h3")).ToHaveTextAsync("controlnet-legacy_dog_rel.png");
        await Expect(report.GetByRole(AriaRole.Heading, new() { Name = "Generator: AUTOMATIC1111-compatible" })).ToBeVisibleAsync();
        await Expect(report.GetByRole(AriaRole.Row, new() { Name = "sampler DPM++ SDE" })).ToBeVisibleAsync();
        var badge = report.Locator(".badge.risk-medium");
        await Expect(badge).ToHaveTextAsync("Risk: medium");
        await Expect(report.GetByRole(AriaRole.Cell, new() { Name = "AutoV1 fef5e48e" })).ToBeVisibleAsync();
        await Expect(report.Locator(".verdict").First).ToContainTextAsync("Made with AI");
        await Expect(report.Locator("details summary")).ToContainTextAsync("Raw blocks and fields");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Inspected 1 file.");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download JSON" }).ClickAsync());
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())))
        {
            Assert.Equal("candor.inspect/1", json.RootElement.GetProperty("schema").GetString());
            Assert.Equal("DPM++ SDE", json.RootElement.GetProperty("generators")[0].GetProperty("parameters").GetProperty("sampler").GetString());
        }

        await ServedBrowser.ScreenshotsAsync(page, "inspect");
        Assert.Empty(browser.Problems);
    }

    [SkippableFact]
    public async Task A_tampered_C2PA_image_shows_the_credentials_tree_with_the_failure_in_words()
    {
        var file = Corpus.Path("c2pa/png/gen-png-tampered-pixels.png");
        var page = await browser.OpenAsync("index.html");

        await page.Locator("#files").SetInputFilesAsync(file);

        var tree = page.Locator("article.report ul.tree");
        await Expect(tree).ToContainTextAsync("Verdict: Invalid");
        await Expect(tree).ToContainTextAsync("Signer: C2PA Signer, C2PA Test Signing Cert");
        await Expect(tree).ToContainTextAsync("assertion.dataHash.mismatch — The image bytes changed after signing");
        Assert.Empty(browser.Problems);
    }

    [SkippableFact]
    public async Task The_editing_software_the_metadata_names_is_shown()
    {
        var page = await browser.OpenAsync("index.html");

        await page.Locator("#files").SetInputFilesAsync(Corpus.Path("generators/none/gimp.webp"));

        await Expect(page.Locator("article.report")).ToContainTextAsync("GIMP 3.0.6");
        Assert.Empty(browser.Problems);
    }

    [SkippableFact]
    public async Task Two_images_are_compared_parameter_by_parameter()
    {
        string[] files = [Corpus.Path(ControlNetDog), Corpus.Path("generators/a1111/sd-webui.png")];
        var page = await browser.OpenAsync("index.html");

        await page.Locator("#files").SetInputFilesAsync(files);

        await Expect(page.Locator("article.report")).ToHaveCountAsync(2);
        var compare = page.GetByRole(AriaRole.Region, new() { Name = "Compare parameters" });
        await Expect(compare).ToBeVisibleAsync();
        await Expect(compare.GetByLabel("First image")).ToHaveValueAsync("0");
        await Expect(compare.GetByLabel("Second image")).ToHaveValueAsync("1");
        var samplerRow = compare.Locator("tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "sampler", Exact = true }) });
        await Expect(samplerRow.Locator("td").Nth(1)).ToHaveTextAsync("DPM++ SDE");
        await Expect(compare.Locator("tr.differs").First).ToContainTextAsync("differs");
        Assert.Empty(browser.Problems);
    }

    [SkippableFact]
    public async Task The_keyboard_alone_reaches_the_navigation_and_opens_the_file_chooser_from_the_drop_zone()
    {
        var file = Corpus.Path(ControlNetDog);
        var page = await browser.OpenAsync("index.html");
        // Listening turns on Playwright's file-chooser interception with a message that is not awaited; listening
        // before the Tab presses makes sure it reaches the browser before Enter does.
        var chooserShown = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, chooser) => chooserShown.TrySetResult(chooser);

        var reached = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.textContent.trim()"));
        }
        Assert.Equal(["Skip to content", "Inspect", "Verify", "Disclose", "Watermark", "Search", "Attribute", "Consent", "Signals", "drop-zone"], reached);

        await page.Keyboard.PressAsync("Enter");
        var chooser = await chooserShown.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(chooser.IsMultiple);
        await chooser.SetFilesAsync(file);
        await Expect(page.Locator(".badge.risk-medium")).ToHaveTextAsync("Risk: medium");
        Assert.Empty(browser.Problems);
    }
}
