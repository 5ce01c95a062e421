using System.Security.Cryptography;
using Candor.Watermark;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Watermark page (watermark.html) in a real chromium against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WatermarkPageTests(ServedBrowser browser) : IClassFixture<ServedBrowser>
{
    [SkippableFact]
    public async Task A_watermark_embedded_by_the_library_is_found_with_its_key_file()
    {
        var photo = Corpus.Path("photos/kodim23.png");
        var folder = Directory.CreateTempSubdirectory("candor-watermark-").FullName;
        // A fixed key, so the key id on the page and thus the committed screenshot are the same every run.
        var key = new WatermarkKey(SHA256.HashData("candor browser test key"u8));
        var keyFile = Path.Combine(folder, "test.key");
        key.Save(keyFile);
        var marked = Path.Combine(folder, "kodim23-marked.png");
        var embedded = WatermarkFile.Embed(photo, marked, key, WatermarkPayload.FromText("candor"), WatermarkOptions.Default);
        Assert.True(embedded.Succeeded, embedded.Error);
        var page = await browser.OpenAsync("watermark.html");

        var detect = page.GetByRole(AriaRole.Region, new() { Name = "Detect" });
        await detect.GetByLabel("Image").SetInputFilesAsync(marked);
        await detect.GetByLabel("Key file").SetInputFilesAsync(keyFile);
        await detect.GetByRole(AriaRole.Button, new() { Name = "Detect" }).ClickAsync();

        var output = page.Locator("#detect-output");
        await Expect(output.Locator(".verdict")).ToHaveTextAsync("Watermark found.");
        await Expect(output.GetByRole(AriaRole.Row, new() { Name = "text candor" })).ToBeVisibleAsync();
        await Expect(output.Locator("h3")).ToContainTextAsync($"key {key.Id}");

        await ServedBrowser.ScreenshotsAsync(page, "watermark");
        Assert.Empty(browser.Problems);
    }

    [SkippableFact]
    public async Task Embedding_on_the_page_reports_PSNR_and_SSIM_and_offers_the_marked_file()
    {
        var photo = Corpus.Path("photos/kodim23.png");
        var folder = Directory.CreateTempSubdirectory("candor-watermark-").FullName;
        var key = WatermarkKey.Generate();
        var keyFile = Path.Combine(folder, "test.key");
        key.Save(keyFile);
        var page = await browser.OpenAsync("watermark.html");

        var embed = page.GetByRole(AriaRole.Region, new() { Name = "Embed" });
        await embed.GetByLabel("Image").SetInputFilesAsync(photo);
        await embed.GetByLabel("Key file").SetInputFilesAsync(keyFile);
        await embed.GetByLabel("Message (1 to 8 bytes of text)").FillAsync("page");
        await embed.GetByRole(AriaRole.Button, new() { Name = "Embed" }).ClickAsync();

        var output = page.Locator("#embed-output");
        await Expect(output.GetByRole(AriaRole.Row, new() { Name = "PSNR" })).ToContainTextAsync(" dB");
        await Expect(output.GetByRole(AriaRole.Row, new() { Name = "SSIM" })).ToContainTextAsync("0.");
        var download = await page.RunAndWaitForDownloadAsync(() => output.GetByRole(AriaRole.Link).ClickAsync());
        var saved = Path.Combine(folder, "downloaded.png");
        await download.SaveAsAsync(saved);

        var found = WatermarkFile.Detect(saved, key, WatermarkDetectOptions.Default);
        Assert.Null(found.Error);
        Assert.True(found.Detection?.Found);
        Assert.Equal("page", found.Detection?.Payload?.AsText());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Do_not_train_is_embedded_without_a_key_file_under_the_public_key()
    {
        var photo = Corpus.Path("photos/kodim23.png");
        var folder = Directory.CreateTempSubdirectory("candor-watermark-").FullName;
        var page = await browser.OpenAsync("watermark.html");

        var embed = page.GetByRole(AriaRole.Region, new() { Name = "Embed" });
        await embed.GetByLabel("Image").SetInputFilesAsync(photo);
        await embed.GetByLabel("Payload", new() { Exact = true }).SelectOptionAsync("noTrain");
        await embed.GetByRole(AriaRole.Button, new() { Name = "Embed" }).ClickAsync();

        var output = page.Locator("#embed-output");
        await Expect(output.GetByRole(AriaRole.Row, new() { Name = "PSNR" })).ToContainTextAsync(" dB");
        var download = await page.RunAndWaitForDownloadAsync(() => output.GetByRole(AriaRole.Link).ClickAsync());
        var saved = Path.Combine(folder, "downloaded.png");
        await download.SaveAsAsync(saved);

        var found = WatermarkFile.Detect(saved, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default);
        Assert.Null(found.Error);
        Assert.True(found.Detection?.Found);
        Assert.NotNull(found.Detection?.Payload?.NoTrainScope);
        Assert.Empty(browser.Problems);
    }
}
