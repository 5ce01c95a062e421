using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Search page (search.html) in a real chromium against real servers over the indexes of <see cref="SearchIndexes"/>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchPageTests(SearchBrowser fixture) : IClassFixture<SearchBrowser>
{
    private static FilePayload Jpeg(string key) => new() { Name = key + ".jpg", MimeType = "image/jpeg", Buffer = SearchIndexes.ImageBytes(key) };

    private ServedBrowser Browser
    {
        get
        {
            Corpus.Require();
            return fixture.Browser;
        }
    }

    [SkippableFact]
    public async Task Choosing_a_picture_of_the_data_set_shows_near_duplicates_at_distance_0_with_previews_that_load()
    {
        var page = await Browser.OpenAsync("search.html");
        await Expect(page.Locator("#index-summary")).ToContainTextAsync("Data set 'webdataset': 11 items; PDQ hashes of 11 images, image embeddings by resnet18");

        await page.GetByLabel("Image", new() { Exact = true }).SetInputFilesAsync(Jpeg("123_456"));

        var near = page.Locator("section.hits", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Near-duplicates (same picture) (2)" }) });
        await Expect(near.Locator("li.hit")).ToHaveCountAsync(2);
        await Expect(near.Locator(".score").First).ToHaveTextAsync("Hamming distance 0 bits");
        await Expect(near.Locator("li.hit").First).ToContainTextAsync("key 123_456");
        var preview = near.Locator("img.preview").First;
        await Expect(preview).ToHaveAttributeAsync("alt", "Preview of item 123_456");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.preview')].every((i) => i.complete)");
        Assert.True(await preview.EvaluateAsync<int>("(img) => img.naturalWidth") > 0, "the preview did not load");

        var similar = page.Locator("section.hits", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Similar pictures (11)" }) });
        await Expect(similar.Locator(".score").First).ToHaveTextAsync("similarity 1.00");
        await Expect(similar).ToContainTextAsync("By image embeddings by resnet18 (512-d resnet18-imagenet-pool5)");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Searched for 123_456.jpg: 2 near-duplicates, 11 similar pictures.");

        await ServedBrowser.ScreenshotsAsync(page, "search");
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task Searching_by_words_shows_caption_cards_whose_data_is_only_ever_text()
    {
        var page = await Browser.OpenAsync(new Uri(fixture.CaptionsAddress, "search.html"));
        await Expect(page.Locator("#index-summary")).ToContainTextAsync("caption embeddings by minilm");

        await page.GetByLabel("Words or a description").FillAsync("a puppy chasing a ball on the grass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search captions" }).ClickAsync();

        var meaning = page.Locator("section.hits", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Captions with similar meaning") }) });
        await Expect(meaning.Locator("li.hit")).ToHaveCountAsync(20);
        var first = meaning.Locator("li.hit").First;
        await Expect(first.Locator(".caption")).ToHaveTextAsync(SearchIndexes.MarkupCaption);
        await Expect(first.Locator(".score")).ToContainTextAsync("similarity 0.");
        // The caption's markup and the javascript: URL stay text: no element made from them, no link to run.
        await Expect(first.Locator(".url")).ToHaveTextAsync($"Source URL: {SearchIndexes.ScriptUrl}");
        await Expect(page.Locator("#results img[src='x'], #results b")).ToHaveCountAsync(0);
        await Expect(page.Locator("#results a[href^='javascript']")).ToHaveCountAsync(0);

        var words = page.Locator("section.hits", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Captions with these words") }) });
        await Expect(words.Locator(".score").First).ToContainTextAsync("word match (BM25)");
        var link = page.GetByRole(AriaRole.Link, new() { Name = "https://example.com/dogs/2.jpg" }).First;
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await Expect(link).ToHaveAttributeAsync("href", "https://example.com/dogs/2.jpg");
        // Items without a stored picture say so instead of a broken image.
        await Expect(first.Locator(".no-preview")).ToHaveTextAsync("No preview stored");
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task A_file_that_is_not_an_image_shows_the_servers_error_in_the_status_region()
    {
        var page = await Browser.OpenAsync("search.html");
        await Expect(page.Locator("#search-forms")).ToBeVisibleAsync();

        await page.GetByLabel("Image", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "only text, not a picture"u8.ToArray() });

        await Expect(page.Locator("#status.error")).ToHaveTextAsync("Error: not an image Candor reads (PNG, JPEG, WebP, TIFF, HEIF/AVIF or GIF)");
        // Chromium logs the 415 answer as a console error; that one is expected, any other is not.
        while (Browser.Problems.TryDequeue(out var problem)) Assert.Contains("415", problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Without_an_index_the_page_says_how_to_start_the_server_with_one()
    {
        var page = await Browser.OpenAsync(new Uri(fixture.NoIndexAddress, "search.html"));

        var panel = page.GetByRole(AriaRole.Region, new() { Name = "No index on this server" });
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel).ToContainTextAsync("candor serve --index FOLDER");
        await Expect(page.Locator("#search-forms")).ToBeHiddenAsync();
        Assert.Empty(Browser.Problems);
    }
}
