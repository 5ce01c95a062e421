using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;
using Candor.Inspection;
using Candor.Server;
using Candor.Watermark;

namespace Candor.Tests.Server;

/// <summary>Every endpoint of <c>candor serve</c>, over real HTTP on loopback.</summary>
public sealed class ServerApiTests : IAsyncLifetime
{
    private const string A1111 = "generators/a1111/controlnet-legacy_dog_rel.png";
    private const string Tampered = "c2pa/png/gen-png-tampered-pixels.png";
    private const string SignedValid = "c2pa/png/gen-png-created-ps256.png";
    private const string EmptyJpeg = "generators/none/empty.jpg";

    private const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private ServerHost _server = null!;

    public async Task InitializeAsync() => _server = await ServerHost.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Health_says_ok_with_the_version()
    {
        var json = await JsonOf(await _server.Client.GetAsync("/api/health"));
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Session_sets_the_csrf_cookie_to_the_token_it_returns_and_says_it_does_not_sign()
    {
        var response = await _server.Client.GetAsync("/api/session");
        var json = await JsonOf(response);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"candor-csrf={json.GetProperty("csrf").GetString()};", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(json.GetProperty("signing").GetBoolean());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_post_without_the_matching_csrf_token_is_refused_403(string? header)
    {
        await _server.SessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inspect") { Content = ServerHost.Form(Corpus.Path(A1111)) };
        if (header is not null) request.Headers.Add("X-Candor-Csrf", header);
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await JsonOf(response)).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Inspect_reports_the_generator_sampler_and_controlnet_risk_with_raw_blocks()
    {
        var response = await _server.PostAsync("/api/inspect", ServerHost.Form(Corpus.Path(A1111)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        Assert.Equal("candor.inspect/1", json.GetProperty("schema").GetString());
        var generator = json.GetProperty("generators")[0];
        Assert.Equal("AUTOMATIC1111-compatible", generator.GetProperty("tool").GetString());
        Assert.Equal("DPM++ SDE", generator.GetProperty("parameters").GetProperty("sampler").GetString());
        Assert.Equal("Medium", generator.GetProperty("controls")[0].GetProperty("risk").GetString());
        Assert.True(json.TryGetProperty("raw", out _));
    }

    [Fact]
    public async Task Inspect_of_several_files_answers_an_array_in_order()
    {
        var json = await JsonOf(await _server.PostAsync("/api/inspect", ServerHost.Form(Corpus.Path(A1111), Corpus.Path(EmptyJpeg))));
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(["controlnet-legacy_dog_rel.png", "empty.jpg"], json.EnumerateArray().Select(r => r.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Verify_finds_tampered_pixels_invalid_and_a_sound_file_valid()
    {
        var tampered = await JsonOf(await _server.PostAsync("/api/verify", ServerHost.Form(Corpus.Path(Tampered))));
        Assert.Equal("Invalid", tampered.GetProperty("state").GetString());
        Assert.Contains(tampered.GetProperty("failures").EnumerateArray(), f => f.GetProperty("code").GetString() == "assertion.dataHash.mismatch");

        var sound = await JsonOf(await _server.PostAsync("/api/verify", ServerHost.Form(Corpus.Path(SignedValid))));
        Assert.Equal("Valid", sound.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Verify_with_an_uploaded_trust_list_calls_the_signer_trusted()
    {
        var form = ServerHost.Form(Corpus.Path(SignedValid));
        ServerHost.AddFile(form, "trust", File.ReadAllBytes(Corpus.Path("c2pa/certs/anchors.pem")), "anchors.pem");
        var trusted = await JsonOf(await _server.PostAsync("/api/verify", form));
        Assert.Equal("Trusted", trusted.GetProperty("state").GetString());
        Assert.Empty(trusted.GetProperty("failures").EnumerateArray());
    }

    [Fact]
    public async Task Watermark_embedded_by_the_server_is_found_by_the_server_with_the_same_key_only()
    {
        var key = WatermarkKey.Generate();
        var embed = ServerHost.Form(Corpus.Path(A1111));
        ServerHost.AddFile(embed, "key", Encoding.UTF8.GetBytes(key.ToFileText()), "k.key");
        embed.Add(new StringContent("0123456789abcdef"), "payload");
        var marked = await _server.PostAsync("/api/watermark/embed", embed);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal("image/png", marked.Content.Headers.ContentType?.MediaType);
        Assert.True(double.Parse(Assert.Single(marked.Headers.GetValues("X-Candor-Psnr")), System.Globalization.CultureInfo.InvariantCulture) > 30);
        var bytes = await marked.Content.ReadAsByteArrayAsync();

        async Task<JsonElement> Detect(WatermarkKey k)
        {
            var form = new MultipartFormDataContent();
            ServerHost.AddFile(form, "file", bytes, "marked.png");
            ServerHost.AddFile(form, "key", Encoding.UTF8.GetBytes(k.ToFileText()), "k.key");
            var json = await JsonOf(await _server.PostAsync("/api/watermark/detect", form));
            Assert.Equal("candor.watermark/1", json.GetProperty("schema").GetString());
            return json.GetProperty("results")[0];
        }
        var found = await Detect(key);
        Assert.True(found.GetProperty("found").GetBoolean());
        Assert.Equal("0123456789abcdef", found.GetProperty("payload").GetString());
        Assert.False((await Detect(WatermarkKey.Generate())).GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task Disclose_returns_the_labelled_jpeg_that_inspect_reads_back()
    {
        var form = ServerHost.Form(Corpus.Path(EmptyJpeg));
        form.Add(new StringContent("trainedAlgorithmicMedia"), "sourceType");
        form.Add(new StringContent("genai"), "noTrain");
        var response = await _server.PostAsync("/api/disclose", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("empty-disclosed.jpg", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var disclosure = JsonDocument.Parse(Base64Url.DecodeFromChars(Assert.Single(response.Headers.GetValues("X-Candor-Disclosure")))).RootElement;
        Assert.Equal("empty.jpg", disclosure.GetProperty("file").GetString());

        using var labelled = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var report = new Inspector().Inspect(labelled, "empty-disclosed.jpg");
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "trainedAlgorithmicMedia");
    }

    [Fact]
    public async Task Signing_is_404_on_a_server_without_a_key_and_disclose_refuses_sign_true()
    {
        var sign = ServerHost.Form(Corpus.Path(EmptyJpeg));
        sign.Add(new StringContent("trainedAlgorithmicMedia"), "sourceType");
        var response = await _server.PostAsync("/api/c2pa/sign", sign);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("this server has no signing key", (await JsonOf(response)).GetProperty("error").GetString());

        var disclose = ServerHost.Form(Corpus.Path(EmptyJpeg));
        disclose.Add(new StringContent("trainedAlgorithmicMedia"), "sourceType");
        disclose.Add(new StringContent("true"), "sign");
        Assert.Equal(HttpStatusCode.NotFound, (await _server.PostAsync("/api/disclose", disclose)).StatusCode);
    }

    [Fact]
    public async Task A_server_with_a_key_signs_a_file_that_verifies_valid()
    {
        var set = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        using var credentials = new C2paSigningCredentials(CoseSigningKey.FromPem(set.PrivateKeyPem), [.. C2paTrustSettings.ReadPem(set.ChainPem, "chain")]);
        await using var server = await ServerHost.StartAsync(new ServerOptions { Signing = credentials });
        var form = ServerHost.Form(Corpus.Path(EmptyJpeg));
        form.Add(new StringContent("trainedAlgorithmicMedia"), "sourceType");
        var response = await server.PostAsync("/api/c2pa/sign", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var signed = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var result = C2paValidator.Validate(signed);
        Assert.Equal(C2paValidationState.Valid, result.State);
    }

    [Fact]
    public async Task Disclose_with_sign_on_a_server_with_a_key_returns_a_labelled_file_whose_credentials_validate()
    {
        var set = TestCertificateFactory.Create(CoseAlgorithm.Es256);
        using var credentials = new C2paSigningCredentials(CoseSigningKey.FromPem(set.PrivateKeyPem), [.. C2paTrustSettings.ReadPem(set.ChainPem, "chain")]);
        await using var server = await ServerHost.StartAsync(new ServerOptions { Signing = credentials });
        var form = ServerHost.Form(Corpus.Path(EmptyJpeg));
        form.Add(new StringContent("trainedAlgorithmicMedia"), "sourceType");
        form.Add(new StringContent("true"), "sign");
        var response = await server.PostAsync("/api/disclose", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(C2paValidationState.Valid, C2paValidator.Validate(new MemoryStream(bytes)).State);
        var report = new Inspector().Inspect(new MemoryStream(bytes), "empty-disclosed.jpg");
        Assert.Contains(report.Disclosure.DigitalSourceTypes, d => d.Code == "trainedAlgorithmicMedia");
        Assert.NotNull(report.Disclosure.C2pa);
    }

    [Fact]
    public async Task An_upload_over_the_cap_is_413_json()
    {
        await using var server = await ServerHost.StartAsync(new ServerOptions { MaxUploadBytes = 1 << 20 });
        var form = new MultipartFormDataContent();
        var big = new byte[(1 << 20) + 4096];
        File.ReadAllBytes(Corpus.Path(A1111)).CopyTo(big, 0);
        ServerHost.AddFile(form, "file", big, "big.png");
        var response = await server.PostAsync("/api/inspect", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("tooLarge", (await JsonOf(response)).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Garbage_is_refused_as_unsupported_with_a_plain_message_and_no_stack_trace()
    {
        var form = new MultipartFormDataContent();
        ServerHost.AddFile(form, "file", Encoding.ASCII.GetBytes("MZ this is not an image at all, only text pretending to be a PNG"), "fake.png");
        var response = await _server.PostAsync("/api/inspect", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("unsupported", JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString());
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_the_file_field_is_400()
    {
        var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var response = await _server.PostAsync("/api/verify", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("badRequest", (await JsonOf(response)).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/")]
    [InlineData("/api/nothing-here")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await _server.Client.GetAsync(path);
        Assert.Equal(Csp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        var paths = (await JsonOf(await _server.Client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var p in new[] { "/api/health", "/api/session", "/api/inspect", "/api/verify", "/api/watermark/detect", "/api/watermark/embed", "/api/disclose", "/api/c2pa/sign", "/api/vocabulary/source-types" })
            Assert.True(paths.TryGetProperty(p, out _), p);
    }

    [Fact]
    public async Task The_source_type_vocabulary_lists_trained_algorithmic_media_as_ai_generated()
    {
        var terms = await JsonOf(await _server.Client.GetAsync("/api/vocabulary/source-types"));
        var term = terms.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "trainedAlgorithmicMedia");
        Assert.Equal("aiGenerated", term.GetProperty("aiRole").GetString());
        Assert.False(term.GetProperty("retired").GetBoolean());
    }
}
