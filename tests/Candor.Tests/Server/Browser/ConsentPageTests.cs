using Candor.Registry;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Tests.Server.Browser;

/// <summary>The Consent page (consent.html), the Signals page and the consent status on Search results, in a real chromium against a real server with a registry.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsentPageTests(ConsentBrowser fixture) : IClassFixture<ConsentBrowser>
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
    public async Task An_artist_registers_adds_works_proves_a_domain_reads_the_history_and_withdraws()
    {
        var page = await Browser.OpenAsync("consent.html");
        await page.GetByLabel("Your name or your studio's").FillAsync("Page Artist");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var key = page.Locator("#new-key-text");
        await Expect(key).ToContainTextAsync("candor_");
        await Expect(page.Locator("#whoami")).ToContainTextAsync("Signed in as Page Artist");
        Assert.DoesNotContain("candor_", page.Url, StringComparison.Ordinal);
        Assert.Equal(await key.TextContentAsync(), await page.EvaluateAsync<string>("() => sessionStorage.getItem('candor-consent-key')"));

        await page.GetByLabel("Picture addresses, one per line").FillAsync("https://page-artist.example/cat.jpg\nhttps://page-artist.example/dog.jpg");
        await page.GetByLabel("Whole domains (and their subdomains), one per line").FillAsync("page-artist.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register addresses" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Registered 3 works.");
        await page.GetByLabel("Images (the server computes").SetInputFilesAsync(Corpus.Path("pdq/misc-images/c.png"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Register pictures" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Registered 1 pictures");
        var rows = page.Locator("#works-output tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Nth(0)).ToContainTextAsync("page-artist.example/cat.jpg");
        await Expect(rows.Nth(0)).ToContainTextAsync("opt-out of ai-training, genai-training, tdm");
        await Expect(rows.Nth(3)).ToContainTextAsync("sha256");

        // The domain: the proof text is shown; not published → not verified; published → verified, and its works proved.
        var proof = await page.Locator("#proof-text").TextContentAsync();
        Assert.StartsWith("candor-consent=", proof, StringComparison.Ordinal);
        await page.GetByLabel("Domain", new() { Exact = true }).FillAsync("page-artist.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.Locator("#domain-result")).ToContainTextAsync("page-artist.example is not verified yet.");
        fixture.Published["page-artist.example"] = proof!;
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.Locator("#domain-result")).ToContainTextAsync("page-artist.example is verified.");
        await Expect(page.Locator("#domain-list")).ToContainTextAsync("page-artist.example");
        await Expect(rows.Nth(0).Locator("td").Nth(4)).ToHaveTextAsync("yes");

        // Withdraw the first work; its history keeps what it said.
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new("^Withdraw work") }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("is withdrawn");
        await Expect(rows.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("withdrawn");
        await rows.Nth(0).Locator("summary").ClickAsync();
        var history = rows.Nth(0).Locator(".history-body tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("added");
        await Expect(history.Nth(0)).ToContainTextAsync("opt-out of ai-training");
        await Expect(history.Nth(1)).ToContainTextAsync("withdrawn");

        // A reload keeps the tab signed in (sessionStorage); signing out forgets the key.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(page.Locator("#whoami")).ToContainTextAsync("Signed in as Page Artist");
        await ServedBrowser.ScreenshotsAsync(page, "consent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('candor-consent-key')"));
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task A_second_key_cannot_see_the_first_owner_works_and_a_wrong_key_is_refused()
    {
        var registry = fixture.Registry;
        var first = await registry.RegisterOwnerAsync("First On Page");
        var work = await registry.AddWorkAsync(first.Owner, new WorkSpec(WorkKind.Url, "https://first-on-page.example/private.jpg", ConsentStatuses.OptOutAll));
        var second = await registry.RegisterOwnerAsync("Second On Page");
        await registry.AddWorkAsync(second.Owner, new WorkSpec(WorkKind.Url, "https://second-on-page.example/mine.jpg", ConsentStatuses.OptOutAll));

        var page = await Browser.OpenAsync("consent.html");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "API key", Exact = true }).FillAsync("candor_1_wrongwrongwrongwrongwrongwrongw");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Error: That API key is not valid.");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "API key", Exact = true }).FillAsync(second.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#whoami")).ToContainTextAsync("Signed in as Second On Page");
        var table = page.Locator("#works-output");
        await Expect(table).ToContainTextAsync("second-on-page.example/mine.jpg");
        await Expect(table).Not.ToContainTextAsync("first-on-page.example");
        // Asking for the first owner's work by id with the second key, as the page's own code would: 404.
        var status = await page.EvaluateAsync<int>(
            "async (id) => (await fetch(`/api/consent/works/${id}`, { headers: { Authorization: `API ${sessionStorage.getItem('candor-consent-key')}` } })).status",
            work.Id);
        Assert.Equal(404, status);
        Browser.Problems.Clear();
    }

    [SkippableFact]
    public async Task Search_results_show_each_item_consent_status_from_the_registry()
    {
        var owner = await fixture.Registry.RegisterOwnerAsync("Dog Photographer");
        await fixture.Registry.AddWorkAsync(owner.Owner, new WorkSpec(WorkKind.UrlPrefix, "https://example.com/dogs/", ConsentStatuses.OptOutAll));
        var page = await Browser.OpenAsync("search.html");
        await page.GetByLabel("Words or a description").FillAsync("dogs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search captions" }).ClickAsync();
        var words = page.Locator("section.hits", new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Captions with these words") }) });
        var dog = words.Locator("li.hit[data-url='https://example.com/dogs/2.jpg']");
        await Expect(dog.Locator(".consent")).ToContainTextAsync("Consent: do not train");
        await Expect(dog.Locator(".consent")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("consent-forbidden"));
        var other = page.Locator("li.hit[data-url]:not([data-url^='https://example.com/dogs/']) .consent").First;
        await Expect(other).ToContainTextAsync("Consent: not stated");
        Assert.Empty(Browser.Problems);
    }

    [SkippableFact]
    public async Task The_signals_page_explains_every_signal()
    {
        var page = await Browser.OpenAsync("signals.html");
        await Expect(page.Locator("tbody tr td:first-child")).ToHaveTextAsync(
            ["Registry", "robots.txt", "ai.txt", "TDMRep", "X-Robots-Tag", "HTML meta", "IPTC PLUS Data Mining", "C2PA / CAWG training-mining", "Candor watermark"]);
        await ServedBrowser.ScreenshotsAsync(page, "signals");
        Assert.Empty(Browser.Problems);
    }
}
