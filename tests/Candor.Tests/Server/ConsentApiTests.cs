using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Candor.Fingerprints;
using Candor.Server;

namespace Candor.Tests.Server;

/// <summary>
/// The consent endpoints of <c>candor serve --registry</c> over real HTTP on loopback: owners and keys, works and
/// their history, one owner unable to see another's works, domain proofs, the audit log, the bulk check and the
/// Spawning-compatible endpoint driven the way datadiligence drives Spawning's.
/// </summary>
public sealed class ConsentApiTests(ConsentServers servers) : IClassFixture<ConsentServers>
{
    private HttpClient Client => servers.Server.Client;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(kind, json.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
        Assert.DoesNotContain(" at Candor.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at System.", body, StringComparison.Ordinal);
    }

    private async Task<(long Id, string Key)> RegisterAsync(string name)
    {
        var response = await Client.PostAsync("/api/consent/owners", Json(new { name }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonOf(response);
        return (json.GetProperty("owner").GetProperty("id").GetInt64(), json.GetProperty("apiKey").GetString()!);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", "API " + key);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = Request(method, path, key, content);
        return await Client.SendAsync(request);
    }

    private async Task<JsonElement> AddWorksAsync(string key, object body)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/consent/works", key, Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonOf(response)).GetProperty("works");
    }

    private async Task<JsonElement> CheckAsync(string use, params object[] items)
    {
        var response = await Client.PostAsync("/api/consent/check", Json(new { use, items }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.consent-check/1", json.GetProperty("schema").GetString());
        Assert.Equal(use, json.GetProperty("use").GetString());
        var results = json.GetProperty("results");
        Assert.Equal(items.Length, results.GetArrayLength());
        return results;
    }

    // ---- owners and keys ----

    [Fact]
    public async Task Registering_gives_a_key_that_signs_in_and_a_wrong_or_missing_key_is_401()
    {
        var (id, key) = await RegisterAsync("Ada Artist");
        Assert.StartsWith($"candor_{id}_", key, StringComparison.Ordinal);
        var me = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/owner", key));
        Assert.Equal("Ada Artist", me.GetProperty("owner").GetProperty("name").GetString());
        Assert.StartsWith("candor-consent=", me.GetProperty("owner").GetProperty("proofText").GetString(), StringComparison.Ordinal);

        var missing = await SendAsync(HttpMethod.Get, "/api/consent/owner", null);
        await AssertError(missing, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("API", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertError(await SendAsync(HttpMethod.Get, "/api/consent/owner", key[..^1] + (key[^1] == 'a' ? 'b' : 'a')), HttpStatusCode.Unauthorized, "unauthorized");
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/consent/owner");
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        await AssertError(await Client.SendAsync(bearer), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_second_key_of_the_same_owner_works_and_registration_refuses_an_empty_name()
    {
        var (id, key) = await RegisterAsync("Two Keys");
        var response = await SendAsync(HttpMethod.Post, "/api/consent/keys", key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var second = (await JsonOf(response)).GetProperty("apiKey").GetString()!;
        Assert.NotEqual(key, second);
        var me = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/owner", second));
        Assert.Equal(id, me.GetProperty("owner").GetProperty("id").GetInt64());
        await AssertError(await Client.PostAsync("/api/consent/owners", Json(new { name = "  " })), HttpStatusCode.BadRequest, "malformed");
        await AssertError(await Client.PostAsync("/api/consent/owners", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType, "unsupported");
    }

    // ---- works ----

    [Fact]
    public async Task Works_of_every_kind_are_added_listed_changed_and_withdrawn_with_their_history_and_audit()
    {
        var (_, key) = await RegisterAsync("History Owner");
        var works = await AddWorksAsync(key, new
        {
            works = new object[]
            {
                new { kind = "url", value = "HTTPS://History.Example/a.jpg#top", label = "a" },
                new { kind = "url-prefix", value = "https://history.example/gallery" },
                new { kind = "domain", value = "History-Domain.Example." },
                new { kind = "sha256", value = new string('A', 64), statuses = new Dictionary<string, string> { ["tdm"] = "opt-out" } },
                new { kind = "pdq", value = new string('f', 64), radius = 10, statuses = "ai-training=opt-out genai-training=opt-in" },
            },
        });
        Assert.Equal(5, works.GetArrayLength());
        Assert.Equal("history.example/a.jpg", works[0].GetProperty("key").GetString());
        Assert.Equal("history.example/gallery/", works[1].GetProperty("key").GetString());
        Assert.Equal("history-domain.example", works[2].GetProperty("key").GetString());
        Assert.Equal(new string('a', 64), works[3].GetProperty("key").GetString());
        Assert.Equal("opt-out", works[3].GetProperty("statuses").GetProperty("tdm").GetString());
        Assert.False(works[3].GetProperty("statuses").TryGetProperty("ai-training", out _));
        Assert.Equal(10, works[4].GetProperty("radius").GetInt32());
        Assert.Equal("opt-in", works[4].GetProperty("statuses").GetProperty("genai-training").GetString());
        Assert.Equal("opt-out", works[0].GetProperty("statuses").GetProperty("ai-training").GetString());

        var list = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/works?limit=2", key));
        Assert.Equal(2, list.GetProperty("works").GetArrayLength());
        var next = list.GetProperty("next").GetInt64();
        var rest = await JsonOf(await SendAsync(HttpMethod.Get, $"/api/consent/works?after={next}", key));
        Assert.Equal(3, rest.GetProperty("works").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);

        var id = works[0].GetProperty("id").GetInt64();
        var changed = await SendAsync(HttpMethod.Post, $"/api/consent/works/{id}/statuses", key, Json(new { statuses = new Dictionary<string, string> { ["tdm"] = "opt-out" } }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await JsonOf(changed)).GetProperty("work").GetProperty("version").GetInt32());
        var withdrawn = await JsonOf(await SendAsync(HttpMethod.Post, $"/api/consent/works/{id}/withdraw", key));
        Assert.True(withdrawn.GetProperty("work").GetProperty("withdrawn").GetBoolean());

        var one = await JsonOf(await SendAsync(HttpMethod.Get, $"/api/consent/works/{id}", key));
        var history = one.GetProperty("history");
        Assert.Equal(new string?[] { "added", "changed", "withdrawn" }, history.EnumerateArray().Select(v => v.GetProperty("change").GetString()).ToArray());
        Assert.Equal("opt-out", history[0].GetProperty("statuses").GetProperty("ai-training").GetString());
        Assert.False(history[1].GetProperty("statuses").TryGetProperty("ai-training", out _));

        var audit = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/audit", key));
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("works.add", actions);
        Assert.Contains("work.change", actions);
        Assert.Contains("work.withdraw", actions);
    }

    [Fact]
    public async Task The_filter_registry_client_speaks_the_real_bulk_check_and_reads_its_errors()
    {
        var (_, key) = await RegisterAsync("Client Artist");
        await AddWorksAsync(key, new { works = new object[] { new { kind = "url-prefix", value = "https://client.example/portfolio/", statuses = "ai-training=opt-out" } } });
        using var client = new Candor.Curation.RegistryClient(Client.BaseAddress!, key);
        var decisions = await client.CheckAsync(
            [new(Url: "https://client.example/portfolio/cat.jpg"), new(Url: "https://client.example/blog/cat.jpg")], Candor.Consent.ConsentUse.GenAiTraining);
        Assert.Equal(Candor.Consent.ConsentVerdict.Forbidden, decisions[0].Verdict);
        Assert.Equal("registry", decisions[0].Evidence[0].Signal);
        Assert.Equal(Candor.Consent.ConsentVerdict.NotStated, decisions[1].Verdict);

        // A wrong key: the client reports the server's own error kind, not only the status.
        using var wrong = new Candor.Curation.RegistryClient(Client.BaseAddress!, "candor_1_WRONGWRONGWRONGWRONGWRONGWRONGWR");
        var e = await Assert.ThrowsAsync<Candor.Curation.RegistryClientException>(() => wrong.CheckAsync([new(Url: "https://client.example/x.jpg")], Candor.Consent.ConsentUse.AiTraining));
        Assert.Equal(401, e.StatusCode);
        Assert.NotNull(e.ErrorCode);
    }

    [Fact]
    public async Task A_bad_work_is_refused_400_naming_it_and_nothing_is_added()
    {
        var (_, key) = await RegisterAsync("Bad Works");
        var response = await SendAsync(HttpMethod.Post, "/api/consent/works", key, Json(new
        {
            works = new object[] { new { kind = "url", value = "https://ok.example/x.png" }, new { kind = "url", value = "ftp://nope.example/x" } },
        }));
        await AssertError(response, HttpStatusCode.BadRequest, "badRequest");
        Assert.Contains("works[1]", (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        var list = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/works", key));
        Assert.Equal(0, list.GetProperty("works").GetArrayLength());
        await AssertError(await SendAsync(HttpMethod.Post, "/api/consent/works", key, Json(new { works = new object[] { new { kind = "song", value = "x" } } })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await SendAsync(HttpMethod.Post, "/api/consent/works", key, Json(new { statuses = new { training = "opt-out" }, works = new object[] { new { kind = "domain", value = "a.example" } } })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await SendAsync(HttpMethod.Post, "/api/consent/works", key, new StringContent("{\"works\": [", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "badRequest");
    }

    [Fact]
    public async Task Another_owner_key_gets_404_for_every_read_and_change_of_the_first_owner_works()
    {
        var (_, first) = await RegisterAsync("First Owner");
        var (_, second) = await RegisterAsync("Second Owner");
        var works = await AddWorksAsync(first, new { works = new object[] { new { kind = "url", value = "https://first-owner.example/secret.jpg" } } });
        var id = works[0].GetProperty("id").GetInt64();

        await AssertError(await SendAsync(HttpMethod.Get, $"/api/consent/works/{id}", second), HttpStatusCode.NotFound, "notFound");
        await AssertError(await SendAsync(HttpMethod.Post, $"/api/consent/works/{id}/statuses", second, Json(new { statuses = "opt-in" })), HttpStatusCode.NotFound, "notFound");
        await AssertError(await SendAsync(HttpMethod.Post, $"/api/consent/works/{id}/withdraw", second), HttpStatusCode.NotFound, "notFound");
        var list = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/works", second));
        Assert.DoesNotContain(list.GetProperty("works").EnumerateArray(), w => w.GetProperty("id").GetInt64() == id);
        var audit = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/audit", second));
        Assert.DoesNotContain(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("first-owner", StringComparison.Ordinal));

        // The first owner's work is untouched: still version 1, not withdrawn.
        var mine = await JsonOf(await SendAsync(HttpMethod.Get, $"/api/consent/works/{id}", first));
        Assert.Equal(1, mine.GetProperty("work").GetProperty("version").GetInt32());
        Assert.False(mine.GetProperty("work").GetProperty("withdrawn").GetBoolean());
    }

    [Fact]
    public async Task A_domain_is_verified_only_when_it_publishes_the_owner_proof_text_and_then_its_works_count_as_verified()
    {
        var (_, key) = await RegisterAsync("Domain Owner");
        var proof = (await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/domains", key))).GetProperty("proofText").GetString()!;
        await AddWorksAsync(key, new { statuses = "opt-in", works = new object[] { new { kind = "url-prefix", value = "https://proved.example/art/" } } });

        var before = await JsonOf(await SendAsync(HttpMethod.Post, "/api/consent/domains", key, Json(new { domain = "Proved.Example" })));
        Assert.False(before.GetProperty("verified").GetBoolean());
        Assert.Equal("proved.example", before.GetProperty("domain").GetString());
        var unproven = await CheckAsync("ai-training", new { url = "https://proved.example/art/1.png" });
        Assert.Equal("not-stated", unproven[0].GetProperty("verdict").GetString());

        servers.Published["proved.example"] = "other line\n" + proof + "\n";
        var after = await JsonOf(await SendAsync(HttpMethod.Post, "/api/consent/domains", key, Json(new { domain = "proved.example" })));
        Assert.True(after.GetProperty("verified").GetBoolean());
        var domains = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/domains", key));
        Assert.Equal("proved.example", Assert.Single(domains.GetProperty("domains").EnumerateArray()).GetProperty("domain").GetString());
        var list = await JsonOf(await SendAsync(HttpMethod.Get, "/api/consent/works", key));
        Assert.True(list.GetProperty("works")[0].GetProperty("verified").GetBoolean());
        var proven = await CheckAsync("ai-training", new { url = "https://proved.example/art/1.png" });
        Assert.Equal("allowed", proven[0].GetProperty("verdict").GetString());

        await AssertError(await SendAsync(HttpMethod.Post, "/api/consent/domains", key, Json(new { domain = "127.0.0.1" })), HttpStatusCode.BadRequest, "badRequest");
    }

    [SkippableFact]
    public async Task An_uploaded_image_is_registered_by_its_sha256_and_pdq_computed_on_the_server()
    {
        var path = Corpus.Path("pdq/misc-images/c.png");
        var bytes = await File.ReadAllBytesAsync(path);
        var (_, key) = await RegisterAsync("Image Owner");
        using var form = new MultipartFormDataContent();
        ServerHost.AddFile(form, "file", bytes, "c.png");
        form.Add(new StringContent("ai-training=opt-out"), "statuses");
        var response = await SendAsync(HttpMethod.Post, "/api/consent/works/images", key, form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonOf(response);
        var image = Assert.Single(json.GetProperty("images").EnumerateArray());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var pdq = PdqHasher.HashFile(path).Hash.ToString();
        Assert.Equal(sha, image.GetProperty("sha256").GetString());
        Assert.Equal(pdq, image.GetProperty("pdq").GetString());
        Assert.Equal(2, image.GetProperty("workIds").GetArrayLength());

        var near = pdq[..^1] + (pdq[^1] == '0' ? '1' : '0');
        var results = await CheckAsync("genai-training", new { sha256 = sha.ToUpperInvariant() }, new { pdq = near }, new { sha256 = new string('0', 64) });
        Assert.Equal("forbidden", results[0].GetProperty("verdict").GetString());
        Assert.Equal("forbidden", results[1].GetProperty("verdict").GetString());
        Assert.Contains("PDQ within 1 bits", results[1].GetProperty("evidence")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("not-stated", results[2].GetProperty("verdict").GetString());

        using var notImage = new MultipartFormDataContent();
        ServerHost.AddFile(notImage, "file", "hello"u8.ToArray(), "x.png");
        await AssertError(await SendAsync(HttpMethod.Post, "/api/consent/works/images", key, notImage), HttpStatusCode.UnsupportedMediaType, "unsupported");
    }

    // ---- bulk check ----

    [Fact]
    public async Task The_bulk_check_answers_every_item_in_order_with_reason_and_evidence_and_sees_through_url_tricks()
    {
        var (owner, key) = await RegisterAsync("Check Owner");
        await AddWorksAsync(key, new
        {
            works = new object[]
            {
                new { kind = "url", value = "https://check-artist.example/one.jpg" },
                new { kind = "domain", value = "whole-site.example" },
                new { kind = "url-prefix", value = "https://check-artist.example/private/", statuses = "tdm=opt-out" },
            },
        });
        var results = await CheckAsync("ai-training",
            new { url = "http://CHECK-ARTIST.example:80/one.jpg#x" },
            new { url = "https://evil.example@check-artist.example/one.jpg" },
            new { url = "https://cdn.whole-site.example./img/2.png" },
            new { url = "https://check-artist.example/private/deep/3.png" },
            new { url = "https://check-artist.example/other.jpg" },
            new { url = "not a url" },
            new { url = "https://check-artist.example/one.jpg", sha256 = "xyz" });
        Assert.Equal(new string?[] { "forbidden", "forbidden", "forbidden", "forbidden", "not-stated", "not-stated", "forbidden" },
            results.EnumerateArray().Select(r => r.GetProperty("verdict").GetString()).ToArray());
        var evidence = results[0].GetProperty("evidence")[0];
        Assert.Equal("registry", evidence.GetProperty("signal").GetString());
        Assert.StartsWith("work ", evidence.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains($"owner {owner}", evidence.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("tdm", results[3].GetProperty("evidence")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("URL not checked", results[5].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, results[4].GetProperty("evidence").GetArrayLength());
    }

    [Fact]
    public async Task The_bulk_check_refuses_more_than_10000_items_413_and_bad_bodies_400_or_415()
    {
        var items = Enumerable.Range(0, 10_001).Select(i => new { url = $"https://many.example/{i}.jpg" }).ToArray();
        await AssertError(await Client.PostAsync("/api/consent/check", Json(new { use = "ai-training", items })), HttpStatusCode.RequestEntityTooLarge, "tooLarge");
        var ok = await CheckAsync("tdm", items[..10_000]);
        Assert.Equal(10_000, ok.GetArrayLength());
        await AssertError(await Client.PostAsync("/api/consent/check", Json(new { use = "training", items = Array.Empty<object>() })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Client.PostAsync("/api/consent/check", Json(new { use = "tdm" })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Client.PostAsync("/api/consent/check", Json(new { use = "tdm", items = new[] { 1 } })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Client.PostAsync("/api/consent/check", new StringContent("{\"use\":\"tdm\",\"items\":[{\"url\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Client.PostAsync("/api/consent/check", new StringContent("use=tdm", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported");
        using var wrongKey = Request(HttpMethod.Post, "/api/consent/check", "candor_1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Json(new { use = "tdm", items = Array.Empty<object>() }));
        await AssertError(await Client.SendAsync(wrongKey), HttpStatusCode.Unauthorized, "unauthorized");
    }

    // ---- Spawning-compatible ----

    /// <summary>The request datadiligence's SpawningAPI rule sends: its headers, the URLs joined with \n, UTF-8 encoded (non-ASCII raw).</summary>
    private static HttpRequestMessage SpawningRequest(string path, string? key, IEnumerable<string> urls)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", urls))) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.TryAddWithoutValidation("User-Agent", "python-requests/2.31.0");
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", "API " + key);
        return request;
    }

    [Theory]
    [InlineData("/api/v2/query/urls/")]
    [InlineData("/api/v2/query/urls")]
    public async Task The_spawning_endpoint_answers_as_spawning_does_in_request_order(string path)
    {
        var (_, key) = await RegisterAsync("Spawning Owner");
        await AddWorksAsync(key, new { works = new object[] { new { kind = "domain", value = "spawned.example" }, new { kind = "url", value = "https://spawned-too.example/éxample.png" } } });
        string[] urls = ["https://www.spawned.example", "https://open.example/image.png", "https://spawned-too.example/éxample.png", "https://spawned-too.example/%C3%A9xample.png", "not a url"];
        using var request = SpawningRequest(path, key, urls);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = (await JsonOf(response)).GetProperty("urls");
        Assert.Equal(urls, answer.EnumerateArray().Select(u => u.GetProperty("url").GetString()).ToArray());
        Assert.Equal([true, false, true, true, false], answer.EnumerateArray().Select(u => u.GetProperty("optOut").GetBoolean()).ToArray());
        Assert.All(answer.EnumerateArray(), u => Assert.False(u.GetProperty("optIn").GetBoolean()));
    }

    [Fact]
    public async Task The_spawning_endpoint_needs_a_key_and_takes_at_most_10000_urls()
    {
        using (var noKey = SpawningRequest("/api/v2/query/urls/", null, ["https://a.example/"]))
            await AssertError(await Client.SendAsync(noKey), HttpStatusCode.Unauthorized, "unauthorized");
        using (var badKey = SpawningRequest("/api/v2/query/urls/", "candor_1_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", ["https://a.example/"]))
            await AssertError(await Client.SendAsync(badKey), HttpStatusCode.Unauthorized, "unauthorized");
        var (_, key) = await RegisterAsync("Spawning Limits");
        var many = Enumerable.Range(0, 10_001).Select(i => $"https://many.example/{i}.jpg").ToList();
        using (var tooMany = SpawningRequest("/api/v2/query/urls/", key, many))
            await AssertError(await Client.SendAsync(tooMany), HttpStatusCode.RequestEntityTooLarge, "tooLarge");
        using (var full = SpawningRequest("/api/v2/query/urls/", key, many[..10_000]))
        {
            var answer = (await JsonOf(await Client.SendAsync(full))).GetProperty("urls");
            Assert.Equal(10_000, answer.GetArrayLength());
            Assert.Equal(many[9_999], answer[9_999].GetProperty("url").GetString());
        }
        using (var trailing = SpawningRequest("/api/v2/query/urls/", key, ["https://a.example/", "https://b.example/", ""]))
            Assert.Equal(2, (await JsonOf(await Client.SendAsync(trailing))).GetProperty("urls").GetArrayLength());
        using var notUtf8 = SpawningRequest("/api/v2/query/urls/", key, []);
        notUtf8.Content = new ByteArrayContent([0x68, 0xFF, 0xFE]);
        notUtf8.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await AssertError(await Client.SendAsync(notUtf8), HttpStatusCode.BadRequest, "badRequest");
    }

    // ---- the server around it ----

    [Fact]
    public async Task The_openapi_document_lists_the_consent_endpoints_and_status_says_a_registry_is_served()
    {
        var paths = (await JsonOf(await Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var p in new[] { "/api/consent/owners", "/api/consent/works", "/api/consent/works/{id}", "/api/consent/check", "/api/consent/domains", "/api/consent/audit", "/api/v2/query/urls" })
            Assert.True(paths.TryGetProperty(p, out _), p);
        var status = await JsonOf(await Client.GetAsync("/api/consent/status"));
        Assert.True(status.GetProperty("available").GetBoolean());
        Assert.Equal(10_000, status.GetProperty("maxItems").GetInt32());
    }

    [Fact]
    public async Task A_server_without_a_registry_answers_404_and_registrations_are_rate_limited_per_address()
    {
        await using (var none = await ServerHost.StartAsync())
        {
            var status = await JsonOf(await none.Client.GetAsync("/api/consent/status"));
            Assert.False(status.GetProperty("available").GetBoolean());
            await AssertError(await none.Client.PostAsync("/api/consent/check", Json(new { use = "tdm", items = Array.Empty<object>() })), HttpStatusCode.NotFound, "notFound");
        }
        await using var limited = await ServerHost.StartAsync(new ServerOptions { Registry = servers.Registry, OwnerRegistrationsPerMinute = 2 });
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await limited.Client.PostAsync("/api/consent/owners", Json(new { name = $"Limited {i}" }))).StatusCode);
        var third = await limited.Client.PostAsync("/api/consent/owners", Json(new { name = "Limited 2" }));
        await AssertError(third, HttpStatusCode.TooManyRequests, "limitExceeded");
        Assert.NotNull(third.Headers.RetryAfter);
    }
}
