using Candor.Inspection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Disclose page (disclose.html) in a real chromium against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DisclosePageTests(ServedBrowser browser) : IClassFixture<ServedBrowser>
{
    [SkippableFact]
    public async Task Labelling_a_JPEG_downloads_a_file_the_library_reads_as_AI_generated()
    {
        var file = Corpus.Path("generators/none/empty.jpg");
        var page = await browser.OpenAsync("disclose.html");

        var sourceType = page.GetByLabel("Digital source type");
        await Expect(sourceType.Locator("option[value=trainedAlgorithmicMedia]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sign-field")).ToBeHiddenAsync();
        await sourceType.SelectOptionAsync("trainedAlgorithmicMedia");
        await Expect(page.Locator("#source-definition")).ToContainTextAsync("code trainedAlgorithmicMedia");
        await page.GetByLabel("Image").SetInputFilesAsync(file);
        await page.GetByLabel("Tools (one a line, optional)").FillAsync("Candor browser test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Label the image" }).ClickAsync();

        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download empty-disclosed.jpg" });
        await Expect(link).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("empty-disclosed.jpg", download.SuggestedFilename);
        var saved = Path.Combine(Directory.CreateTempSubdirectory("candor-disclose-").FullName, "empty-disclosed.jpg");
        await download.SaveAsAsync(saved);

        var report = new Inspector().Inspect(saved);
        Assert.Contains(report.Disclosure.DigitalSourceTypes, t => t.Code == "trainedAlgorithmicMedia");
        Assert.NotEqual(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(saved));

        await ServedBrowser.ScreenshotsAsync(page, "disclose");
        Assert.Empty(browser.Problems);
    }
}
