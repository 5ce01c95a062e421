using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Candor.Consent;
using Candor.Fingerprints;
using Candor.Registry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Candor.Server;

/// <summary>
/// The consent registry over HTTP (<see cref="ServerOptions.Registry"/>): owners register and get an API key, then,
/// with <c>Authorization: API &lt;key&gt;</c>, add, list, change and withdraw their works, verify domains and read
/// their audit log; anyone checks up to 10,000 items at once (<c>POST /api/consent/check</c>), and tools written for
/// Spawning's opt-out API check URLs at <c>POST /api/v2/query/urls/</c>.
/// </summary>
/// <remarks>
/// These endpoints take no CSRF token: they act on no ambient credential (no cookie). The API key travels in a header
/// that another site cannot make a browser send, and every write takes a JSON or multipart body that a cross-site form
/// cannot forge with the key. An owner sees only its own works: another owner's work id answers 404, as a missing one.
/// </remarks>
internal static class ConsentEndpoints
{
    /// <summary>The rate-limiting policy of the consent endpoints (a concurrency limit; 429 when the queue is full).</summary>
    public const string Policy = "consent";

    /// <summary>The rate-limiting policy of owner registration (a fixed window per client address).</summary>
    public const string RegisterPolicy = "consent-register";

    /// <summary>What the consent endpoints answer (404) on a server started without a registry.</summary>
    public const string NoRegistryMessage = "this server has no consent registry: start it with 'candor serve --registry PATH' (a SQLite file) or a PostgreSQL connection string";

    /// <summary>The error kind of a missing or wrong API key (401).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The most works one <c>POST /api/consent/works</c> may add.</summary>
    public const int MaxWorksPerRequest = 100_000;

    private const long MaxJsonBodyBytes = 32L << 20;

    /// <summary>Maps the endpoints under <paramref name="api"/> (<c>/api</c>) and the Spawning-compatible path under <paramref name="root"/>.</summary>
    public static void Map(IEndpointRouteBuilder api, IEndpointRouteBuilder root, string heavyPolicy)
    {
        var consent = api.MapGroup("/consent").RequireRateLimiting(Policy).WithTags("consent");
        consent.MapGet("/status", Status)
            .WithSummary("Whether this server has a consent registry, and how many works it holds (no key needed).");
        consent.MapPost("/owners", RegisterOwner).RequireRateLimiting(RegisterPolicy).AddEndpointFilter(LimitBody(64 * 1024))
            .WithSummary("Register an owner, JSON {\"name\", \"certificatePem\"?, \"watermarkKeyId\"?} → 201 {\"owner\", \"apiKey\"}: the key is shown only here; send it as 'Authorization: API <key>'.");
        consent.MapGet("/owner", GetOwner)
            .WithSummary("The key's owner, its proof text and verified domains (API key).");
        consent.MapPost("/keys", CreateKey).AddEndpointFilter(LimitBody(64 * 1024))
            .WithSummary("Another API key for the key's owner → 201 {\"apiKey\"} (API key).");
        consent.MapPost("/works", AddWorks).AddEndpointFilter(LimitBody(MaxJsonBodyBytes))
            .WithSummary("Register works, JSON {\"statuses\"?, \"works\": [{\"kind\": \"url|url-prefix|domain|sha256|pdq\", \"value\", \"statuses\"?, \"radius\"?, \"label\"?}]} (at most 100,000; statuses default to opt-out of every use) → 201 {\"works\"} (API key). All or none.");
        consent.MapPost("/works/images", AddImages).RequireRateLimiting(heavyPolicy)
            .WithSummary("Register uploaded images (multipart 'file', repeatable; 'statuses', 'radius', 'label' optional): the server computes each one's SHA-256 and PDQ and registers both → 201 {\"images\", \"works\", \"notes\"} (API key).");
        consent.MapGet("/works", ListWorks)
            .WithSummary("The key owner's works by id, 'after' an id, at most 'limit' (1–10,000, default 1,000) → {\"works\", \"next\"} (API key).");
        consent.MapGet("/works/{id:long}", GetWork)
            .WithSummary("One of the key owner's works with its whole history; 404 for another owner's work (API key).");
        consent.MapPost("/works/{id:long}/statuses", ChangeWork).AddEndpointFilter(LimitBody(64 * 1024))
            .WithSummary("New statuses for a work, JSON {\"statuses\"}: a new version, the old one kept in the history (API key).");
        consent.MapPost("/works/{id:long}/withdraw", WithdrawWork).AddEndpointFilter(LimitBody(64 * 1024))
            .WithSummary("Withdraw a work: a new version that says nothing; the history keeps what it said (API key).");
        consent.MapPost("/works/{id:long}/proof", ProveWork).RequireRateLimiting(heavyPolicy)
            .WithSummary("Prove an image work with the image (multipart 'file'; optional 'watermarkKey' file): a C2PA manifest signed with the owner's certificate, or the owner's watermark → {\"work\", \"proof\"}; 422 with the reason when it is not proved (API key).");
        consent.MapGet("/domains", ListDomains)
            .WithSummary("The key owner's verified domains and the proof text to publish (API key).");
        consent.MapPost("/domains", VerifyDomain).AddEndpointFilter(LimitBody(64 * 1024))
            .WithSummary("Verify a domain, JSON {\"domain\"}: looks for the owner's proof text at https://DOMAIN/.well-known/candor-consent.txt, then in a DNS TXT record → {\"verified\", \"checks\"} (API key).");
        consent.MapGet("/audit", Audit)
            .WithSummary("The key owner's audit log, newest first, at most 'limit' (1–10,000, default 100) entries (API key).");
        consent.MapPost("/check", Check).AddEndpointFilter(LimitBody(ConsentCheckRequest.MaxBodyBytes))
            .WithSummary("Bulk check, JSON {\"use\": \"ai-training|genai-training|tdm\", \"items\": [{\"url\", \"sha256\", \"pdq\"}]} (at most 10,000; 413 above) → candor.consent-check/1, one result per item in order. 'Authorization: API <key>' optional.");

        // Spawning's opt-out API, at the path its clients (datadiligence) call; routing matches it with and without the trailing slash.
        var spawning = root.MapGroup("").AddEndpointFilter(ApiErrors.Filter).RequireRateLimiting(Policy).WithTags("consent");
        spawning.MapPost("/api/v2/query/urls/", Spawning).AddEndpointFilter(LimitBody(ConsentCheckRequest.MaxBodyBytes))
                .WithSummary("Spawning-compatible check: text/plain, one URL per line (at most 10,000; 413 above), 'Authorization: API <key>' required → {\"urls\": [{\"url\", \"optOut\", \"optIn\"}]} in request order. 'use' query parameter: ai-training (default), genai-training or tdm.");
    }

    // ---- helpers ----

    private static ConsentRegistry Require(ServerOptions options) =>
        options.Registry ?? throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, NoRegistryMessage);

    private static ApiException NotFound(long id) => new(StatusCodes.Status404NotFound, ApiErrors.NotFound, $"you have no work {id}");

    /// <summary>The API key of <c>Authorization: API &lt;key&gt;</c>, or null when the header is absent; 401 when it has another form.</summary>
    private static string? KeyOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return null;
        var space = header.IndexOf(' ');
        if (space < 0 || !header.AsSpan(0, space).Equals("API", StringComparison.OrdinalIgnoreCase))
            throw Refused(context, "not the form 'API <key>'", "send the key as 'Authorization: API <key>'");
        return header[(space + 1)..].Trim();
    }

    private static ApiException Refused(HttpContext context, string reason, string message)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsentEndpoints));
        ConsentLog.KeyRefused(logger, context.Request.Path.Value ?? "", reason);
        context.Response.Headers.WWWAuthenticate = "API realm=\"candor-consent\"";
        return new ApiException(StatusCodes.Status401Unauthorized, Unauthorized, message);
    }

    /// <summary>The owner of the request's API key; 401 when there is none or it is wrong (the answer does not say which).</summary>
    private static async Task<Owner> OwnerAsync(HttpContext context, ConsentRegistry registry)
    {
        var key = KeyOf(context) ?? throw Refused(context, "no key", "this needs your API key: send 'Authorization: API <key>' (POST /api/consent/owners gives one)");
        return await registry.AuthenticateAsync(key, context.RequestAborted)
            ?? throw Refused(context, "unknown key", "the API key is not valid");
    }

    /// <summary>An endpoint filter that caps the request body at <paramref name="bytes"/> before it is read (413 above).</summary>
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> LimitBody(long bytes) => (context, next) =>
    {
        var feature = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = bytes;
        if (context.HttpContext.Request.ContentLength > bytes)
            return ValueTask.FromResult<object?>(ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, ApiErrors.TooLarge, $"the body is larger than this endpoint accepts ({bytes / 1024.0:0.#} KiB)"));
        return next(context);
    };

    private static IResult Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return new JsonBytes(buffer.WrittenMemory.ToArray(), status);
    }

    private sealed class JsonBytes(byte[] bytes, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = bytes.Length;
            return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static ILogger Log(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsentEndpoints));

    // ---- owners ----

    private static IResult Status(ServerOptions options) => Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("available", options.Registry is not null);
        if (options.Registry is { } r)
        {
            w.WriteNumber("works", r.SnapshotWorks);
            w.WriteNumber("sequence", r.SnapshotSequence);
            w.WriteNumber("maxItems", ConsentCheckRequest.MaxItems);
            w.WriteStartArray("uses");
            foreach (var u in ConsentUses.Words) w.WriteStringValue(u);
            w.WriteEndArray();
        }
        else w.WriteString("message", NoRegistryMessage);
        w.WriteEndObject();
    });

    private static async Task<IResult> RegisterOwner(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        using var body = await JsonBody.ReadObjectAsync(context.Request);
        var root = body.RootElement;
        var name = JsonBody.String(root, "name") ?? throw ApiException.BadRequest("'name' is missing: the owner's display name (1–200 characters)");
        var registration = await registry.RegisterOwnerAsync(name, JsonBody.String(root, "certificatePem"), JsonBody.String(root, "watermarkKeyId"), context.RequestAborted);
        ConsentLog.OwnerRegistered(Log(context), registration.Owner.Id);
        return NoStore(context, Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            ConsentServerJson.WriteOwner(w, "owner", registration.Owner);
            w.WriteString("apiKey", registration.ApiKey);
            w.WriteString("note", "keep the API key: it is shown only now; the registry keeps only its hash");
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> GetOwner(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var domains = await registry.ListDomainsAsync(owner, context.RequestAborted);
        return NoStore(context, Json(200, w =>
        {
            w.WriteStartObject();
            ConsentServerJson.WriteOwner(w, "owner", owner);
            w.WriteStartArray("domains");
            foreach (var d in domains) ConsentServerJson.WriteDomain(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> CreateKey(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var key = await registry.CreateApiKeyAsync(owner, context.RequestAborted);
        ConsentLog.OwnerChange(Log(context), owner.Id, "made an API key", 0);
        return NoStore(context, Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteString("apiKey", key);
            w.WriteEndObject();
        }));
    }

    // ---- works ----

    private static async Task<IResult> AddWorks(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        using var body = await JsonBody.ReadObjectAsync(context.Request);
        var root = body.RootElement;
        var defaults = root.TryGetProperty("statuses", out var s) && s.ValueKind != JsonValueKind.Null ? ConsentServerJson.ReadStatuses(s, "statuses") : ConsentStatuses.OptOutAll;
        if (!root.TryGetProperty("works", out var works) || works.ValueKind != JsonValueKind.Array)
            throw ApiException.BadRequest("'works' must be an array of {\"kind\", \"value\"}");
        var count = works.GetArrayLength();
        if (count == 0) throw ApiException.BadRequest("'works' is empty");
        if (count > MaxWorksPerRequest)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, ApiErrors.TooLarge, $"{count} works: at most {MaxWorksPerRequest} per request");
        var specs = new List<WorkSpec>(count);
        foreach (var item in works.EnumerateArray())
        {
            var where = $"works[{specs.Count}]";
            if (item.ValueKind != JsonValueKind.Object) throw ApiException.BadRequest($"{where} must be an object {{\"kind\", \"value\"}}");
            var kind = ConsentServerJson.ParseKind(JsonBody.String(item, "kind"), where);
            var value = JsonBody.String(item, "value") ?? throw ApiException.BadRequest($"{where}: 'value' is missing");
            var statuses = item.TryGetProperty("statuses", out var ws) && ws.ValueKind != JsonValueKind.Null ? ConsentServerJson.ReadStatuses(ws, where) : defaults;
            int? radius = item.TryGetProperty("radius", out var r) && r.ValueKind != JsonValueKind.Null ? JsonBody.Int(item, "radius", 0) : null;
            specs.Add(new WorkSpec(kind, value, statuses, radius, JsonBody.String(item, "label")));
        }
        for (var i = 0; i < specs.Count; i++)
            if (!ConsentRegistry.TryNormalize(specs[i], out _, out var problem)) throw ApiException.BadRequest($"works[{i}] ({specs[i].Value}): {problem}");
        var added = await registry.AddWorksAsync(owner, specs, null, context.RequestAborted);
        ConsentLog.OwnerChange(Log(context), owner.Id, "added works", added.Count);
        return Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("works");
            foreach (var work in added) ConsentServerJson.WriteWork(w, work, null);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> AddImages(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var form = await UploadForm.ReadAsync(context.Request);
        var images = form.Images();
        if (images.Count > 100) throw ApiException.BadRequest("at most 100 images per request");
        var statuses = form.Value("statuses") is { } text ? ConsentServerJson.ParseStatuses(text, "statuses") : ConsentStatuses.OptOutAll;
        int? radius = null;
        if (form.Value("radius") is { } radiusText)
            radius = int.TryParse(radiusText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ConsentRegistry.MaxPdqRadius ? n
                : throw ApiException.BadRequest($"'radius' must be a whole number from 0 to {ConsentRegistry.MaxPdqRadius}");
        var label = form.Value("label");
        var specs = new List<WorkSpec>();
        var described = new List<(string Name, string Sha, string Pdq, int Quality, bool PdqRegistered)>();
        var notes = new List<string>();
        foreach (var image in images)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(image.Bytes));
            var pdq = PdqHasher.HashEncoded(image.Bytes);
            var name = label ?? image.FileName;
            specs.Add(new WorkSpec(WorkKind.Sha256, sha, statuses, null, name));
            // A flat picture's PDQ code is close to every other flat picture's: registering it would refuse strangers' images.
            var registerPdq = !pdq.IsLowQuality;
            if (registerPdq) specs.Add(new WorkSpec(WorkKind.Pdq, pdq.Hash.ToString(), statuses, radius, name));
            else notes.Add($"{image.FileName}: PDQ quality {pdq.Quality} is below {PdqHasher.LowQuality} (a nearly flat picture), so only its exact SHA-256 is registered");
            described.Add((image.FileName, sha, pdq.Hash.ToString(), pdq.Quality, registerPdq));
        }
        var added = await registry.AddWorksAsync(owner, specs, null, context.RequestAborted);
        ConsentLog.OwnerChange(Log(context), owner.Id, "added image works", added.Count);
        return Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("images");
            var k = 0;
            foreach (var (name, sha, pdq, quality, registered) in described)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("sha256", sha);
                w.WriteString("pdq", pdq);
                w.WriteNumber("pdqQuality", quality);
                w.WriteStartArray("workIds");
                w.WriteNumberValue(added[k++].Id);
                if (registered) w.WriteNumberValue(added[k++].Id);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("works");
            foreach (var work in added) ConsentServerJson.WriteWork(w, work, null);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> ListWorks(HttpContext context, ServerOptions options, long? after, int? limit)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        if (limit is < 1 or > 10_000) throw ApiException.BadRequest("'limit' must be from 1 to 10,000");
        var take = limit ?? 1000;
        var works = await registry.ListWorksAsync(owner, Math.Max(0, after ?? 0), take, context.RequestAborted);
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("works");
            foreach (var view in works) ConsentServerJson.WriteWork(w, view.Work, view.Verified);
            w.WriteEndArray();
            if (works.Count == take) w.WriteNumber("next", works[^1].Work.Id);
            else w.WriteNull("next");
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GetWork(HttpContext context, ServerOptions options, long id)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var view = await registry.GetWorkAsync(owner, id, context.RequestAborted) ?? throw NotFound(id);
        var history = await registry.GetHistoryAsync(owner, id, context.RequestAborted) ?? [];
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("work");
            ConsentServerJson.WriteWork(w, view.Work, view.Verified);
            w.WriteStartArray("history");
            foreach (var v in history) ConsentServerJson.WriteVersion(w, v);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> ChangeWork(HttpContext context, ServerOptions options, long id)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        using var body = await JsonBody.ReadObjectAsync(context.Request);
        if (!body.RootElement.TryGetProperty("statuses", out var s) || s.ValueKind == JsonValueKind.Null)
            throw ApiException.BadRequest("'statuses' is missing, e.g. {\"statuses\": {\"ai-training\": \"opt-out\"}}");
        var statuses = ConsentServerJson.ReadStatuses(s, "statuses");
        var work = await registry.ChangeAsync(owner, id, statuses, context.RequestAborted) ?? throw NotFound(id);
        ConsentLog.OwnerChange(Log(context), owner.Id, "changed a work", 1);
        return OneWork(work);
    }

    private static async Task<IResult> WithdrawWork(HttpContext context, ServerOptions options, long id)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var work = await registry.WithdrawAsync(owner, id, context.RequestAborted) ?? throw NotFound(id);
        ConsentLog.OwnerChange(Log(context), owner.Id, "withdrew a work", 1);
        return OneWork(work);
    }

    private static IResult OneWork(Work work) => Json(200, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("work");
        ConsentServerJson.WriteWork(w, work, null);
        w.WriteEndObject();
    });

    private static async Task<IResult> ProveWork(HttpContext context, ServerOptions options, long id)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var form = await UploadForm.ReadAsync(context.Request);
        var image = form.Image();
        var key = ReadingEndpoints.WatermarkKeyOf(form, required: false);
        using var folder = new PrivateFolder();
        var path = image.WriteTo(folder);
        var result = await registry.ProveImageAsync(owner, id, path, key, context.RequestAborted) ?? throw NotFound(id);
        if (result.Work is not { } work)
            return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, "unproven", result.Outcome);
        ConsentLog.OwnerChange(Log(context), owner.Id, "proved a work", 1);
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("work");
            ConsentServerJson.WriteWork(w, work, true);
            w.WriteString("proof", result.Outcome);
            w.WriteEndObject();
        });
    }

    // ---- domains and audit ----

    private static async Task<IResult> ListDomains(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        var domains = await registry.ListDomainsAsync(owner, context.RequestAborted);
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("proofText", ConsentRegistry.DomainProofText(owner));
            w.WriteString("wellKnownPath", WellKnownProofChecker.FilePath);
            w.WriteStartArray("domains");
            foreach (var d in domains) ConsentServerJson.WriteDomain(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> VerifyDomain(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        using var body = await JsonBody.ReadObjectAsync(context.Request);
        var domain = JsonBody.String(body.RootElement, "domain") ?? throw ApiException.BadRequest("'domain' is missing");
        if (!ConsentUrl.TryParseDomain(domain, out var normalized, out var problem)) throw ApiException.BadRequest($"invalid domain: {problem}");
        var results = await registry.VerifyDomainAsync(owner, normalized, context.RequestAborted);
        var verified = results.Any(r => r.Verified);
        ConsentLog.DomainChecked(Log(context), owner.Id, normalized, verified);
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("domain", normalized);
            w.WriteBoolean("verified", verified);
            w.WriteString("proofText", ConsentRegistry.DomainProofText(owner));
            w.WriteStartArray("checks");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("method", r.Method);
                w.WriteBoolean("verified", r.Verified);
                w.WriteString("detail", r.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Audit(HttpContext context, ServerOptions options, int? limit)
    {
        var registry = Require(options);
        var owner = await OwnerAsync(context, registry);
        if (limit is < 1 or > 10_000) throw ApiException.BadRequest("'limit' must be from 1 to 10,000");
        var entries = await registry.GetAuditAsync(owner, limit ?? 100, context.RequestAborted);
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            foreach (var e in entries) ConsentServerJson.WriteAudit(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    // ---- bulk checks ----

    private static async Task Check(HttpContext context, ServerOptions options)
    {
        var registry = Require(options);
        if (KeyOf(context) is not null) await OwnerAsync(context, registry);
        if (!JsonBody.IsJson(context.Request.ContentType))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "send the check as JSON with the header Content-Type: application/json");
        var start = Stopwatch.GetTimestamp();
        var (buffer, length) = await ConsentCheckRequest.ReadBodyAsync(context.Request);
        ConsentUse use;
        ConsentQuery[] queries;
        try
        {
            (use, queries) = ConsentCheckRequest.ParseJson(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var decisions = await registry.CheckAsync(queries, use, context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        var forbidden = 0;
        var allowed = 0;
        await using (var w = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            w.WriteStartObject();
            w.WriteString("schema", ConsentJson.CheckSchema);
            w.WriteString("use", ConsentUses.Word(use));
            w.WriteStartArray("results");
            for (var i = 0; i < decisions.Count; i++)
            {
                var d = decisions[i];
                if (d.Verdict == ConsentVerdict.Forbidden) forbidden++;
                else if (d.Verdict == ConsentVerdict.Allowed) allowed++;
                ConsentServerJson.WriteDecision(w, d);
                if (w.BytesPending > 256 * 1024) await w.FlushAsync(context.RequestAborted);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ConsentLog.Checked(Log(context), "check", queries.Length, ConsentUses.Word(use), forbidden, allowed, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private static async Task Spawning(HttpContext context, ServerOptions options, string? use)
    {
        var registry = Require(options);
        await OwnerAsync(context, registry);
        var type = context.Request.ContentType;
        if (!string.IsNullOrEmpty(type) && !(MediaTypeHeaderValue.TryParse(type, out var media) && media.MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "send the URLs as text/plain, one per line");
        var checkedUse = ConsentUse.AiTraining;
        if (use is not null && !ConsentUses.TryParse(use, out checkedUse, out var problem)) throw ApiException.BadRequest(problem);
        var start = Stopwatch.GetTimestamp();
        var (buffer, length) = await ConsentCheckRequest.ReadBodyAsync(context.Request);
        List<string> urls;
        try
        {
            urls = ConsentCheckRequest.SplitLines(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var queries = new ConsentQuery[urls.Count];
        for (var i = 0; i < queries.Length; i++) queries[i] = new ConsentQuery(urls[i]);
        var decisions = await registry.CheckAsync(queries, checkedUse, context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        var forbidden = 0;
        var allowed = 0;
        await using (var w = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            w.WriteStartObject();
            w.WriteStartArray("urls");
            for (var i = 0; i < decisions.Count; i++)
            {
                var verdict = decisions[i].Verdict;
                if (verdict == ConsentVerdict.Forbidden) forbidden++;
                else if (verdict == ConsentVerdict.Allowed) allowed++;
                w.WriteStartObject();
                w.WriteString(UrlName, urls[i]);
                w.WriteBoolean(OptOutName, verdict == ConsentVerdict.Forbidden);
                w.WriteBoolean(OptInName, verdict == ConsentVerdict.Allowed);
                w.WriteEndObject();
                if (w.BytesPending > 256 * 1024) await w.FlushAsync(context.RequestAborted);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ConsentLog.Checked(Log(context), "spawning", urls.Count, ConsentUses.Word(checkedUse), forbidden, allowed, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText OptOutName = JsonEncodedText.Encode("optOut");
    private static readonly JsonEncodedText OptInName = JsonEncodedText.Encode("optIn");
}
