using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Verify page (verify.html) in a real chromium against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VerifyPageTests(ServedBrowser browser) : IClassFixture<ServedBrowser>
{
    [SkippableFact]
    public async Task Tampered_pixels_fail_and_the_page_says_why_in_words()
    {
        var file = Corpus.Path("c2pa/png/gen-png-tampered-pixels.png");
        var page = await browser.OpenAsync("verify.html");

        await page.GetByLabel("Image").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        var result = page.Locator("#verify-output");
        await Expect(result.Locator(".verdict")).ToContainTextAsync("Invalid: the credentials do not hold for this file.");
        await Expect(result).ToContainTextAsync("assertion.dataHash.mismatch — The image bytes changed after signing: the pixels or the file were edited");
        await Expect(result).ToContainTextAsync("signingCredential.untrusted — The signer's certificate does not chain to any certificate you trust");
        await Expect(result).ToContainTextAsync("Signer: C2PA Signer, C2PA Test Signing Cert");
        await Expect(page.Locator("#status")).ToContainTextAsync("Verified gen-png-tampered-pixels.png");

        await ServedBrowser.ScreenshotsAsync(page, "verify");
        Assert.Empty(browser.Problems);
    }
}
