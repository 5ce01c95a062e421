using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Attribute page (attribute.html) in a real chromium against real servers over the indexes of <see cref="SearchIndexes"/>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttributePageTests(SearchBrowser fixture) : IClassFixture<SearchBrowser>
{
    private ServedBrowser Browser
    {
        get
        {
            Corpus.Require();
            return fixture.Browser;
        }
    }

    [SkippableFact]
    public async Task A_generated_image_gets_its_most_similar_training_images_with_the_encoder_named_and_never_a_claim_of_source()
    {
        var page = await Browser.OpenAsync("attribute.html");
        await Expect(page.Locator("#index-summary")).ToContainTextAsync("Pictures are compared by resnet18.");

        await page.GetByLabel("Generated image").SetInputFilesAsync(new FilePayload { Name = "generated.jpg", MimeType = "image/jpeg", Buffer = SearchIndexes.ImageBytes("389_535") });

        var results = page.Locator("#results");
        await Expect(results.Locator(".encoder")).ToHaveTextAsync("Encoder: resnet18 (512-d image embeddings, space resnet18-imagenet-pool5).");
        await Expect(results.Locator(".statement")).ToContainTextAsync("most similar to yours according to resnet18");
        await Expect(results.Locator(".statement")).ToContainTextAsync("it does not show that any of them was used to make your image");
        var nearest = results.Locator("section.hits").First;
        await Expect(nearest.Locator("li.hit")).ToHaveCountAsync(11);
        await Expect(nearest.Locator(".score").First).ToHaveTextAsync("similarity 1.00");
        await Expect(nearest.Locator("li.hit").First).ToContainTextAsync("key 389_535");
        await Expect(results.GetByRole(AriaRole.Heading, new() { Name = "Near-duplicates (same picture) (2)" })).ToBeVisibleAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Compared generated.jpg with 11 training images by resnet18.");

        var text = await results.InnerTextAsync();
        foreach (var word in new[] { "source", "original", "copied from" })
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("source", await page.Locator("main").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        await ServedBrowser.ScreenshotsAsync(page, "attribute");
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task An_index_without_image_embeddings_says_there_is_nothing_to_compare_with()
    {
        var page = await Browser.OpenAsync(new Uri(fixture.CaptionsAddress, "attribute.html"));

        var panel = page.GetByRole(AriaRole.Region, new() { Name = "No image embeddings in this index" });
        await Expect(panel).ToContainTextAsync("The index of 'captions' has no image embeddings");
        await Expect(page.Locator("#attribute-form")).ToBeHiddenAsync();
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task Without_an_index_the_page_says_how_to_start_the_server_with_one()
    {
        var page = await Browser.OpenAsync(new Uri(fixture.NoIndexAddress, "attribute.html"));

        var panel = page.GetByRole(AriaRole.Region, new() { Name = "No index on this server" });
        await Expect(panel).ToContainTextAsync("candor serve --index FOLDER");
        await Expect(page.Locator("#attribute-form")).ToBeHiddenAsync();
        Assert.Empty(Browser.Problems);
    }
}
