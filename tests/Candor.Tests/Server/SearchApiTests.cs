using System.Net;
using System.Text;
using System.Text.Json;
using Candor.Embeddings;
using Candor.Imaging;
using Candor.Imaging.Png;

namespace Candor.Tests.Server;

/// <summary>
/// The search, attribution, item and clip-retrieval endpoints of <c>candor serve</c>, over real HTTP on loopback,
/// against the two small indexes of <see cref="SearchIndexes"/> and a server without an index.
/// </summary>
public sealed class SearchApiTests(SearchServers servers) : IClassFixture<SearchServers>
{
    private const string Square = "123_456";

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private ServerHost Images
    {
        get
        {
            Corpus.Require();
            return servers.Images;
        }
    }

    private ServerHost Captions
    {
        get
        {
            Corpus.Require();
            return servers.Captions;
        }
    }

    private static MultipartFormDataContent ImageForm(byte[] bytes, string name, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        ServerHost.AddFile(form, "file", bytes, name);
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        return form;
    }

    private static MultipartFormDataContent TextForm(params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        return form;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(kind, json.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
        Assert.DoesNotContain(" at Candor.", body, StringComparison.Ordinal);
    }

    // ---- GET /api/search/index ----

    [SkippableFact]
    public async Task Index_info_describes_the_image_index()
    {
        var json = await JsonOf(await Images.Client.GetAsync("/api/search/index"));
        Assert.Equal("candor.index-info/1", json.GetProperty("schema").GetString());
        Assert.True(json.GetProperty("available").GetBoolean());
        Assert.Equal("webdataset", json.GetProperty("dataset").GetString());
        Assert.Equal(11, json.GetProperty("items").GetInt64());
        Assert.True(json.GetProperty("pdq").GetBoolean());
        Assert.Equal(11, json.GetProperty("pdqItems").GetInt64());
        var encoder = json.GetProperty("imageEncoder");
        Assert.Equal("resnet18", encoder.GetProperty("name").GetString());
        Assert.Equal(512, encoder.GetProperty("dimension").GetInt32());
        Assert.Equal("computed", encoder.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("captionEncoder").ValueKind);
        Assert.True(json.GetProperty("thumbnails").GetBoolean());
    }

    [SkippableFact]
    public async Task Index_info_of_the_caption_index_names_minilm_and_no_image_encoder()
    {
        var json = await JsonOf(await Captions.Client.GetAsync("/api/search/index"));
        Assert.Equal("captions", json.GetProperty("dataset").GetString());
        Assert.Equal(SearchIndexes.CaptionCount, json.GetProperty("items").GetInt64());
        Assert.Equal(0, json.GetProperty("pdqItems").GetInt64());
        Assert.Equal("minilm", json.GetProperty("captionEncoder").GetProperty("name").GetString());
        Assert.Equal(384, json.GetProperty("captionEncoder").GetProperty("dimension").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("imageEncoder").ValueKind);
    }

    [Fact]
    public async Task Index_info_without_an_index_says_it_is_unavailable_and_how_to_start_with_one()
    {
        var response = await servers.NoIndex.Client.GetAsync("/api/search/index");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.index-info/1", json.GetProperty("schema").GetString());
        Assert.False(json.GetProperty("available").GetBoolean());
        Assert.Contains("--index", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("dataset", out _));
    }

    // ---- no index ----

    [Theory]
    [InlineData("/api/search/image")]
    [InlineData("/api/search/text")]
    [InlineData("/api/attribute")]
    public async Task Posts_without_an_index_are_404_with_a_plain_message(string path)
    {
        var form = new MultipartFormDataContent();
        ServerHost.AddFile(form, "file", [0x89, (byte)'P', (byte)'N', (byte)'G'], "x.png");
        form.Add(new StringContent("cat"), "text");
        var response = await servers.NoIndex.PostAsync(path, form);
        await AssertError(response, HttpStatusCode.NotFound, "notFound");
        Assert.Contains("candor serve --index FOLDER", (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/items/0")]
    [InlineData("/api/items/0/thumbnail")]
    [InlineData("/indices-list")]
    public async Task Gets_without_an_index_are_404(string path) =>
        await AssertError(await servers.NoIndex.Client.GetAsync(path), HttpStatusCode.NotFound, "notFound");

    [Fact]
    public async Task Knn_service_and_embedding_search_without_an_index_are_404()
    {
        await AssertError(await servers.NoIndex.Client.PostAsync("/knn-service", Json(new { text = "cat", modality = "image", num_images = 3 })), HttpStatusCode.NotFound, "notFound");
        await AssertError(await servers.NoIndex.PostAsync("/api/search/embedding", Json(new { embedding = new[] { 1f } })), HttpStatusCode.NotFound, "notFound");
    }

    // ---- POST /api/search/image ----

    [SkippableFact]
    public async Task Searching_by_a_file_of_the_data_set_finds_it_at_distance_0_and_most_similar()
    {
        var response = await Images.PostAsync("/api/search/image", ImageForm(SearchIndexes.ImageBytes(Square), "123_456.jpg", ("k", "5")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.search/1", json.GetProperty("schema").GetString());
        Assert.Equal("image", json.GetProperty("query").GetProperty("kind").GetString());
        Assert.Equal("123_456.jpg", json.GetProperty("query").GetProperty("name").GetString());
        // The picture is in two of the tars: both copies are near-duplicates at 0 bits.
        var near = json.GetProperty("nearDuplicates").EnumerateArray().ToList();
        Assert.Equal(2, near.Count);
        Assert.All(near, hit =>
        {
            Assert.Equal(Square, hit.GetProperty("key").GetString());
            Assert.Equal(0, hit.GetProperty("score").GetInt32());
            Assert.Equal("hamming-distance", hit.GetProperty("measure").GetString());
            Assert.True(hit.GetProperty("thumbnail").GetBoolean());
        });
        var similar = json.GetProperty("similar").EnumerateArray().ToList();
        Assert.Equal(5, similar.Count);
        Assert.Equal(Square, similar[0].GetProperty("key").GetString());
        Assert.True(similar[0].GetProperty("score").GetDouble() > 0.99);
        Assert.Equal("cosine-similarity", similar[0].GetProperty("measure").GetString());
        Assert.Equal("resnet18", json.GetProperty("imageEncoder").GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task A_rotated_copy_is_a_near_duplicate_only_when_rotations_are_searched()
    {
        var rotated = PngEncoder.Encode(Rotate90(ImageCodec.Decode(SearchIndexes.ImageBytes(Square))));

        var withRotations = await JsonOf(await Images.PostAsync("/api/search/image", ImageForm(rotated, "rotated.png")));
        var found = withRotations.GetProperty("nearDuplicates").EnumerateArray().ToList();
        Assert.NotEmpty(found);
        Assert.All(found, hit => Assert.Equal(Square, hit.GetProperty("key").GetString()));
        Assert.All(found, hit => Assert.NotEqual("original", hit.GetProperty("variant").GetString()));

        var without = await JsonOf(await Images.PostAsync("/api/search/image", ImageForm(rotated, "rotated.png", ("dihedral", "false"), ("radius", "10"))));
        Assert.Empty(without.GetProperty("nearDuplicates").EnumerateArray());
        Assert.Equal(10, without.GetProperty("query").GetProperty("radius").GetInt32());
    }

    private static FloatImage Rotate90(FloatImage source)
    {
        var (w, h) = (source.Width, source.Height);
        var rotated = new FloatImage(h, w, source.Channels);
        for (var c = 0; c < source.Channels; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    rotated.Planes[c][(x * h) + (h - 1 - y)] = source.Planes[c][(y * w) + x];
        return rotated;
    }

    [SkippableTheory]
    [InlineData("k", "0")]
    [InlineData("k", "1001")]
    [InlineData("k", "ten")]
    [InlineData("radius", "65")]
    [InlineData("radius", "-1")]
    [InlineData("dihedral", "maybe")]
    public async Task Search_by_image_refuses_a_bad_option_with_400(string field, string value)
    {
        var response = await Images.PostAsync("/api/search/image", ImageForm(SearchIndexes.ImageBytes(Square), "a.jpg", (field, value)));
        await AssertError(response, HttpStatusCode.BadRequest, "badRequest");
        Assert.Contains(field, (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Search_by_image_refuses_what_is_not_an_image_415_and_a_form_without_a_file_400()
    {
        var garbage = Encoding.ASCII.GetBytes("this is only text pretending to be a JPEG file");
        await AssertError(await Images.PostAsync("/api/search/image", ImageForm(garbage, "fake.jpg")), HttpStatusCode.UnsupportedMediaType, "unsupported");
        await AssertError(await Images.PostAsync("/api/search/image", TextForm(("k", "3"))), HttpStatusCode.BadRequest, "badRequest");
    }

    [SkippableFact]
    public async Task A_truncated_jpeg_is_refused_with_400_and_the_format_error_kind()
    {
        var bytes = SearchIndexes.ImageBytes(Square)[..600];
        var response = await Images.PostAsync("/api/search/image", ImageForm(bytes, "cut.jpg"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await JsonOf(response)).GetProperty("kind").GetString(), new[] { "truncated", "malformed" });
    }

    [SkippableFact]
    public async Task Search_posts_without_the_csrf_token_are_refused_403()
    {
        await Images.SessionAsync();
        foreach (var path in new[] { "/api/search/image", "/api/search/text", "/api/search/embedding", "/api/attribute" })
        {
            var response = await Images.Client.PostAsync(path, ImageForm(SearchIndexes.ImageBytes(Square), "a.jpg", ("text", "cat")));
            await AssertError(response, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    // ---- POST /api/search/text ----

    [SkippableFact]
    public async Task Search_by_text_finds_captions_by_words_and_by_meaning()
    {
        var response = await Captions.PostAsync("/api/search/text", TextForm(("text", "cat sleeping on a sofa"), ("k", "3")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.search/1", json.GetProperty("schema").GetString());
        Assert.Equal("cat sleeping on a sofa", json.GetProperty("query").GetProperty("text").GetString());
        var words = json.GetProperty("words").EnumerateArray().ToList();
        Assert.Equal("a grey cat sleeping on a blue sofa", words[0].GetProperty("caption").GetString());
        Assert.Equal("bm25", words[0].GetProperty("measure").GetString());
        var semantic = json.GetProperty("semantic").EnumerateArray().ToList();
        Assert.Equal(3, semantic.Count);
        Assert.Equal("a grey cat sleeping on a blue sofa", semantic[0].GetProperty("caption").GetString());
        Assert.Equal("https://example.com/cats/1.jpg", semantic[0].GetProperty("url").GetString());
        Assert.Equal("minilm", json.GetProperty("captionEncoder").GetProperty("name").GetString());
        Assert.False(json.TryGetProperty("imageEncoder", out _));
    }

    [SkippableFact]
    public async Task Search_by_text_takes_a_url_encoded_form_too()
    {
        var form = new FormUrlEncodedContent([new("text", "kitten"), new("k", "2")]);
        var json = await JsonOf(await Captions.PostAsync("/api/search/text", form));
        Assert.Contains("kitten", json.GetProperty("semantic")[0].GetProperty("caption").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Search_by_text_refuses_blank_too_long_and_json_bodies()
    {
        await AssertError(await Captions.PostAsync("/api/search/text", TextForm(("text", "   "))), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Captions.PostAsync("/api/search/text", TextForm(("text", new string('a', 1001)))), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Captions.PostAsync("/api/search/text", TextForm(("text", "cat"), ("k", "0"))), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Captions.PostAsync("/api/search/text", Json(new { text = "cat" })), HttpStatusCode.UnsupportedMediaType, "unsupported");
    }

    [SkippableFact]
    public async Task Search_by_text_on_an_index_without_captions_answers_with_notes()
    {
        var json = await JsonOf(await Images.PostAsync("/api/search/text", TextForm(("text", "cat"))));
        Assert.Empty(json.GetProperty("words").EnumerateArray());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no caption embeddings", StringComparison.Ordinal));
    }

    // ---- POST /api/search/embedding ----

    [SkippableFact]
    public async Task Search_by_a_caption_embedding_finds_the_caption_it_was_made_from()
    {
        Corpus.Require();
        float[] vector;
        using (var encoder = Encoders.DefaultText()) vector = encoder.Encode("a robin perched on a snowy branch");
        var response = await Captions.PostAsync("/api/search/embedding", Json(new { embedding = vector, target = "caption", k = 2 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("embedding", json.GetProperty("query").GetProperty("kind").GetString());
        Assert.Equal("caption", json.GetProperty("query").GetProperty("target").GetString());
        var hits = json.GetProperty("similar").EnumerateArray().ToList();
        Assert.Equal(2, hits.Count);
        Assert.Equal("a robin perched on a snowy branch", hits[0].GetProperty("caption").GetString());
        Assert.True(hits[0].GetProperty("score").GetDouble() > 0.99);
        Assert.Equal("minilm", json.GetProperty("captionEncoder").GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task Search_by_embedding_refuses_a_wrong_dimension_a_missing_index_a_bad_target_and_text_plain()
    {
        var wrong = await Images.PostAsync("/api/search/embedding", Json(new { embedding = new float[384], target = "image" }));
        await AssertError(wrong, HttpStatusCode.BadRequest, "badRequest");
        Assert.Contains("512", (await JsonOf(wrong)).GetProperty("error").GetString(), StringComparison.Ordinal);
        await AssertError(await Images.PostAsync("/api/search/embedding", Json(new { embedding = new[] { 1f, 2f }, target = "caption" })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Images.PostAsync("/api/search/embedding", Json(new { embedding = new[] { 1f }, target = "sound" })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Images.PostAsync("/api/search/embedding", Json(new { target = "image" })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Images.PostAsync("/api/search/embedding", Json(new { embedding = new object[] { 1, "two" } })), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Images.PostAsync("/api/search/embedding", new StringContent("{\"embedding\": [1, 2", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "badRequest");
        await AssertError(await Images.PostAsync("/api/search/embedding", new StringContent("{\"embedding\":[1]}", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported");
    }

    // ---- POST /api/attribute ----

    [SkippableFact]
    public async Task Attribution_names_the_encoder_ranks_by_similarity_and_says_similar_not_source()
    {
        var response = await Images.PostAsync("/api/attribute", ImageForm(SearchIndexes.ImageBytes("389_535"), "generated.jpg", ("k", "4")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.attribute/1", json.GetProperty("schema").GetString());
        Assert.Equal("generated.jpg", json.GetProperty("query").GetString());
        Assert.Equal("resnet18", json.GetProperty("encoder").GetProperty("name").GetString());
        var nearest = json.GetProperty("nearest").EnumerateArray().ToList();
        Assert.Equal(4, nearest.Count);
        Assert.Equal("389_535", nearest[0].GetProperty("key").GetString());
        var scores = nearest.Select(n => n.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.NotEmpty(json.GetProperty("nearDuplicates").EnumerateArray());
        var statement = json.GetProperty("statement").GetString()!;
        Assert.Contains("similar", statement, StringComparison.Ordinal);
        Assert.Contains("resnet18", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("source", statement, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Attribution_refuses_a_bad_k_and_an_index_without_image_embeddings()
    {
        await AssertError(await Images.PostAsync("/api/attribute", ImageForm(SearchIndexes.ImageBytes(Square), "a.jpg", ("k", "0"))), HttpStatusCode.BadRequest, "badRequest");
        var response = await Captions.PostAsync("/api/attribute", ImageForm(SearchIndexes.ImageBytes(Square), "a.jpg"));
        await AssertError(response, HttpStatusCode.NotFound, "notFound");
        Assert.Contains("image embeddings", (await JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    // ---- GET /api/items/{id} and its thumbnail ----

    [SkippableFact]
    public async Task An_item_is_the_catalogue_entry_with_its_url_and_caption()
    {
        var json = await JsonOf(await Captions.Client.GetAsync("/api/items/0"));
        Assert.Equal(0, json.GetProperty("id").GetInt64());
        Assert.Equal("https://example.com/cats/1.jpg", json.GetProperty("url").GetString());
        Assert.Equal("a grey cat sleeping on a blue sofa", json.GetProperty("caption").GetString());
        Assert.False(json.GetProperty("thumbnail").GetBoolean());

        var image = await JsonOf(await Images.Client.GetAsync("/api/items/0"));
        Assert.Equal(Square, image.GetProperty("key").GetString());
        Assert.Equal(123, image.GetProperty("width").GetInt32());
        Assert.True(image.GetProperty("thumbnail").GetBoolean());
        Assert.Equal(64, image.GetProperty("pdq").GetString()!.Length);
    }

    [SkippableTheory]
    [InlineData("/api/items/11")]
    [InlineData("/api/items/-1")]
    [InlineData("/api/items/99999999999")]
    [InlineData("/api/items/11/thumbnail")]
    public async Task An_unknown_item_is_404(string path) =>
        await AssertError(await Images.Client.GetAsync(path), HttpStatusCode.NotFound, "notFound");

    [SkippableFact]
    public async Task A_thumbnail_is_a_small_cacheable_jpeg_answered_304_when_unchanged()
    {
        var response = await Images.Client.GetAsync("/api/items/0/thumbnail");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var preview = ImageCodec.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.InRange(Math.Max(preview.Width, preview.Height), 16, 128);
        Assert.True(preview.Height > preview.Width, "123×456 stays portrait");

        var tag = response.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/items/0/thumbnail");
        again.Headers.IfNoneMatch.Add(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await Images.Client.SendAsync(again)).StatusCode);
    }

    [SkippableFact]
    public async Task An_item_without_a_preview_has_no_thumbnail_404() =>
        await AssertError(await Captions.Client.GetAsync("/api/items/0/thumbnail"), HttpStatusCode.NotFound, "notFound");

    // ---- clip-retrieval: GET /indices-list, POST /knn-service ----

    [SkippableFact]
    public async Task Indices_list_names_the_data_set()
    {
        var json = await JsonOf(await Images.Client.GetAsync("/indices-list"));
        Assert.Equal(["webdataset"], json.EnumerateArray().Select(e => e.GetString()));
    }

    private static void AssertClipShape(JsonElement results, int count)
    {
        Assert.Equal(JsonValueKind.Array, results.ValueKind);
        Assert.Equal(count, results.GetArrayLength());
        foreach (var r in results.EnumerateArray())
        {
            Assert.Equal(["id", "url", "caption", "similarity"], r.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, r.GetProperty("id").ValueKind);
            Assert.InRange(r.GetProperty("similarity").GetDouble(), -1.0001, 1.0001);
        }
    }

    [SkippableFact]
    public async Task Knn_service_finds_an_image_sent_base64_as_clip_client_sends_it_without_a_content_type()
    {
        // ClipClient posts json.dumps(...) through requests, which sets no Content-Type; it sends fields Candor ignores.
        var body = JsonSerializer.Serialize(new
        {
            text = (string?)null,
            image = Convert.ToBase64String(SearchIndexes.ImageBytes("208_495")),
            image_url = (string?)null,
            embedding_input = (float[]?)null,
            deduplicate = true,
            use_safety_model = true,
            use_violence_detector = true,
            indice_name = "webdataset",
            use_mclip = false,
            aesthetic_score = 9,
            aesthetic_weight = 0.5,
            modality = "image",
            num_images = 3,
            num_result_ids = 3,
        });
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        Assert.Null(content.Headers.ContentType);
        var response = await Images.Client.PostAsync("/knn-service", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = await JsonOf(response);
        AssertClipShape(results, 3);
        Assert.True(results[0].GetProperty("similarity").GetDouble() > 0.99);
        var first = await JsonOf(await Images.Client.GetAsync($"/api/items/{results[0].GetProperty("id").GetInt64()}"));
        Assert.Equal("208_495", first.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("url").ValueKind);
    }

    [SkippableFact]
    public async Task Knn_service_answers_text_from_the_captions_with_url_and_caption()
    {
        var results = await JsonOf(await Captions.Client.PostAsync("/knn-service", Json(new { text = "a snowy mountain", modality = "text", num_images = 4, indice_name = "captions" })));
        AssertClipShape(results, 4);
        Assert.Equal("snow-covered mountain peaks under a clear sky", results[0].GetProperty("caption").GetString());
        Assert.Equal("https://example.com/mountains/1.jpg", results[0].GetProperty("url").GetString());
        // Without an encoder pair, text with modality "image" also goes to the captions: the only place it compares.
        var asImage = await JsonOf(await Captions.Client.PostAsync("/knn-service", Json(new { text = "a snowy mountain", modality = "image", num_images = 4 })));
        Assert.Equal(results[0].GetProperty("id").GetInt64(), asImage[0].GetProperty("id").GetInt64());
    }

    [SkippableFact]
    public async Task Knn_service_takes_an_embedding_for_the_chosen_modality()
    {
        float[] vector;
        using (var encoder = Encoders.DefaultText()) vector = encoder.Encode("a bee on a sunflower");
        var results = await JsonOf(await Captions.Client.PostAsync("/knn-service", Json(new { embedding_input = vector, modality = "text", num_images = 2 })));
        AssertClipShape(results, 2);
        Assert.Equal("a bee on a sunflower", results[0].GetProperty("caption").GetString());
        // The same vector against the image index of another index is the wrong length.
        await AssertError(await Images.Client.PostAsync("/knn-service", Json(new { embedding_input = vector, modality = "image", num_images = 2 })), HttpStatusCode.BadRequest, "badRequest");
    }

    [SkippableFact]
    public async Task Knn_service_refuses_text_plain_415_and_requests_from_other_sites_403()
    {
        var plain = new StringContent(JsonSerializer.Serialize(new { text = "cat", modality = "text", num_images = 2 }), Encoding.UTF8, "text/plain");
        await AssertError(await Captions.Client.PostAsync("/knn-service", plain), HttpStatusCode.UnsupportedMediaType, "unsupported");
        var form = new FormUrlEncodedContent([new("text", "cat")]);
        await AssertError(await Captions.Client.PostAsync("/knn-service", form), HttpStatusCode.UnsupportedMediaType, "unsupported");

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/knn-service") { Content = Json(new { text = "cat", modality = "text", num_images = 2 }) };
        crossSite.Headers.Add("Origin", "https://elsewhere.example");
        await AssertError(await Captions.Client.SendAsync(crossSite), HttpStatusCode.Forbidden, "forbidden");
        using var fetched = new HttpRequestMessage(HttpMethod.Post, "/knn-service") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"text\":\"cat\"}")) };
        fetched.Headers.Add("Sec-Fetch-Site", "cross-site");
        await AssertError(await Captions.Client.SendAsync(fetched), HttpStatusCode.Forbidden, "forbidden");
    }

    [SkippableTheory]
    [InlineData("{\"modality\":\"text\",\"num_images\":2}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"cat\",\"image\":\"AAAA\",\"modality\":\"text\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"image_url\":\"https://example.com/x.jpg\",\"modality\":\"image\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"cat\",\"modality\":\"sound\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"cat\",\"modality\":\"text\",\"num_images\":0}", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"cat\",\"modality\":\"text\",\"num_images\":\"many\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"image\":\"not base64!\",\"modality\":\"image\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"image\":\"aGVsbG8gd29ybGQ=\",\"modality\":\"image\"}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("{\"text\":\"cat\",\"modality\":\"text\",\"indice_name\":\"laion5B\"}", HttpStatusCode.NotFound)]
    [InlineData("[1, 2, 3]", HttpStatusCode.BadRequest)]
    public async Task Knn_service_refuses_a_malformed_query(string body, HttpStatusCode status)
    {
        var response = await Captions.Client.PostAsync("/knn-service", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await JsonOf(response)).GetProperty("error").GetString()));
    }

    // ---- OpenAPI ----

    [Fact]
    public async Task The_openapi_document_lists_the_search_paths_with_summaries()
    {
        var paths = (await JsonOf(await servers.NoIndex.Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/search/index", "get"), ("/api/search/image", "post"), ("/api/search/text", "post"), ("/api/search/embedding", "post"),
            ("/api/attribute", "post"), ("/api/items/{id}", "get"), ("/api/items/{id}/thumbnail", "get"), ("/indices-list", "get"), ("/knn-service", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), path);
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty(method).GetProperty("summary").GetString()), path);
        }
    }
}
