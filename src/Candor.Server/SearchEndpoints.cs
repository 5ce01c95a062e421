using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Candor.Search;
using Microsoft.Net.Http.Headers;

namespace Candor.Server;

/// <summary>
/// The search endpoints over the served index: what the index holds, search by picture, text or embedding
/// (candor.search/1), attribution (candor.attribute/1), and one item with its stored preview.
/// </summary>
internal static class SearchEndpoints
{
    /// <summary>The schema id of <c>GET /api/search/index</c>.</summary>
    public const string IndexInfoSchema = "candor.index-info/1";

    /// <summary>The longest text query accepted, in characters.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>The longest query embedding accepted.</summary>
    public const int MaxDimension = 16384;

    /// <summary>The GETs: index description, items and their previews.</summary>
    public static void MapReads(IEndpointRouteBuilder api)
    {
        api.MapGet("/search/index", IndexInfo)
            .WithSummary("What the served index holds: candor.index-info/1 (data set, item count, PDQ, image and caption encoders, thumbnails); available=false when the server was started without --index.");
        api.MapGet("/items/{id:long}", Item)
            .WithSummary("One item of the index by id (key, URL, caption, shard and row, size, PDQ, whether it has a preview); 404 when unknown.");
        api.MapGet("/items/{id:long}/thumbnail", Thumbnail)
            .WithSummary("The stored preview of an item (a JPEG up to 128 pixels); 404 when the item has none.");
    }

    /// <summary>The POSTs: search and attribution (CSRF-protected and rate-limited by the group they are mapped in).</summary>
    public static void MapQueries(IEndpointRouteBuilder api)
    {
        api.MapPost("/search/image", SearchImage)
            .WithSummary("Search by the picture in 'file': near-duplicates by PDQ within 'radius' bits (0–64, default 31; rotated and mirrored copies too unless dihedral=false), then the 'k' (1–1000, default 20) most similar pictures by image embedding: candor.search/1.");
        api.MapPost("/search/text", SearchText)
            .WithSummary("Search by the form field 'text': captions with these words, captions similar in meaning and, with a CLIP-like encoder pair, pictures; 'k' per route: candor.search/1.");
        api.MapPost("/search/embedding", SearchEmbedding)
            .WithSummary("Search by an embedding, JSON {\"embedding\": [numbers], \"target\": \"image\"|\"caption\", \"k\": 20}: the items closest in that index, candor.search/1.");
        api.MapPost("/attribute", Attribute)
            .WithSummary("The 'k' training images most similar to the generated image in 'file' by image embedding, with the encoder named and a plain statement: candor.attribute/1. Similar, not proven to have been used.");
    }

    private static IResult IndexInfo(ServedIndex served) => ReadingEndpoints.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("schema", IndexInfoSchema);
        w.WriteBoolean("available", served.Index is not null);
        if (served.Index is { Manifest: var m })
        {
            w.WriteString("dataset", m.Dataset);
            w.WriteNumber("items", m.Items);
            w.WriteNumber("shards", m.Shards);
            w.WriteString("created", m.Created);
            w.WriteString("updated", m.Updated);
            w.WriteBoolean("pdq", m.Pdq);
            w.WriteNumber("pdqItems", m.PdqItems);
            WriteEncoderOrNull(w, "imageEncoder", m.Image);
            WriteEncoderOrNull(w, "captionEncoder", m.Caption);
            w.WriteBoolean("thumbnails", m.Thumbnails);
        }
        else w.WriteString("message", ServedIndex.NoIndexMessage);
        w.WriteEndObject();
    });

    private static void WriteEncoderOrNull(Utf8JsonWriter w, string name, EmbeddingIndexInfo? info)
    {
        if (info is null) w.WriteNull(name);
        else SearchJson.WriteEncoder(w, name, info);
    }

    private static IResult Item(long id, ServedIndex served)
    {
        var index = served.Require();
        var item = index.Item(id) ?? throw ItemNotFound(id);
        var hasThumbnail = index.Manifest.Thumbnails && index.HasThumbnail(id);
        return ReadingEndpoints.Json(w => SearchJson.WriteItem(w, item, hasThumbnail));
    }

    private static IResult Thumbnail(long id, ServedIndex served, HttpContext context)
    {
        var index = served.Require();
        if (index.Thumbnail(id) is not { } preview)
            throw index.Item(id) is null ? ItemNotFound(id) : new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, $"item {id} has no stored preview");
        // An item's preview changes only when the index is rebuilt, which changes its update time and so the tag.
        context.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.File(preview.Bytes, preview.Mime, entityTag: new EntityTagHeaderValue($"\"{Tag(index)}-{id.ToString(CultureInfo.InvariantCulture)}\""));
    }

    private static string Tag(SearchIndex index) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{index.Folder}\n{index.Manifest.Created}\n{index.Manifest.Updated}")).AsSpan(0, 8));

    private static ApiException ItemNotFound(long id) => new(StatusCodes.Status404NotFound, ApiErrors.NotFound, $"no item {id} in this index");

    private static async Task<IResult> SearchImage(HttpRequest request, ServedIndex served, ILogger<UploadForm> logger)
    {
        var index = served.Require();
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var options = new SearchOptions
        {
            K = IntField(form, "k", new SearchOptions().K, 1, SearchOptions.MaxK),
            Radius = IntField(form, "radius", new SearchOptions().Radius, 0, 64),
            Dihedral = BoolField(form, "dihedral", fallback: true),
        };
        ServerLog.Upload(logger, "search/image", image.Name, image.Format.Name, image.Bytes.Length);
        var result = index.SearchImage(image.Bytes, options);
        return ReadingEndpoints.Json(w => SearchJson.Write(w, index, result, image.FileName));
    }

    private static async Task<IResult> SearchText(HttpRequest request, ServedIndex served, ILogger<UploadForm> logger)
    {
        var index = served.Require();
        var form = await UploadForm.ReadFieldsAsync(request);
        var text = CheckedText(form.Value("text"));
        var options = new SearchOptions { K = IntField(form, "k", new SearchOptions().K, 1, SearchOptions.MaxK) };
        ServerLog.Query(logger, "search/text", "text", text.Length);
        var result = index.SearchText(text, options);
        return ReadingEndpoints.Json(w => SearchJson.Write(w, index, result));
    }

    private static async Task<IResult> SearchEmbedding(HttpRequest request, ServedIndex served, ILogger<UploadForm> logger)
    {
        var index = served.Require();
        using var document = await JsonBody.ReadObjectAsync(request);
        var body = document.RootElement;
        var vector = JsonBody.Floats(body, "embedding", MaxDimension) ?? throw ApiException.BadRequest("'embedding' is needed: an array of numbers");
        var target = JsonBody.String(body, "target") ?? "image";
        if (target is not ("image" or "caption")) throw ApiException.BadRequest($"'target' must be \"image\" or \"caption\", not \"{target}\"");
        var options = new SearchOptions { K = CheckedK(JsonBody.Int(body, "k", new SearchOptions().K)) };
        ServerLog.Query(logger, "search/embedding", target, vector.Length);
        var hits = Embedding(index, vector, target, options);
        return ReadingEndpoints.Json(w => SearchJson.Write(w, index, target, hits));
    }

    private static async Task<IResult> Attribute(HttpRequest request, ServedIndex served, ILogger<UploadForm> logger)
    {
        var index = served.Require();
        if (index.Manifest.Image is null) throw NoImageEmbeddings();
        var form = await UploadForm.ReadAsync(request);
        var image = form.Image();
        var options = new SearchOptions { K = IntField(form, "k", new SearchOptions().K, 1, SearchOptions.MaxK) };
        ServerLog.Upload(logger, "attribute", image.Name, image.Format.Name, image.Bytes.Length);
        AttributionResult result;
        try
        {
            result = index.Attribute(image.Bytes, options);
        }
        catch (InvalidOperationException e)
        {
            // No image encoder of the index's space (precomputed embeddings without --image-encoder): the library says which.
            throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, e.Message);
        }
        return ReadingEndpoints.Json(w => SearchJson.Write(w, index, result, image.FileName));
    }

    /// <summary>The 404 for attribution or picture search on an index without image embeddings.</summary>
    public static ApiException NoImageEmbeddings() =>
        new(StatusCodes.Status404NotFound, ApiErrors.NotFound, "this index has no image embeddings: build it with 'candor index build … --embed image'");

    /// <summary>The hits closest to <paramref name="vector"/> in the <paramref name="target"/> index; 400 when the index has none or the length differs.</summary>
    public static IReadOnlyList<SearchHit> Embedding(SearchIndex index, float[] vector, string target, SearchOptions options)
    {
        try
        {
            return index.SearchEmbedding(vector, target, options);
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>The query text trimmed; 400 when it is missing, blank or longer than <see cref="MaxTextLength"/>.</summary>
    public static string CheckedText(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) throw ApiException.BadRequest("'text' is needed: the words or description to look for");
        if (text.Length > MaxTextLength) throw ApiException.BadRequest($"'text' is {text.Length} characters long; at most {MaxTextLength} are accepted");
        return text;
    }

    /// <summary><paramref name="k"/> when it is 1–1000; else 400.</summary>
    public static int CheckedK(int k) => k is >= 1 and <= SearchOptions.MaxK ? k : throw ApiException.BadRequest($"k must be 1–{SearchOptions.MaxK}, not {k}");

    private static int IntField(UploadForm form, string field, int fallback, int min, int max)
    {
        if (form.Value(field) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw ApiException.BadRequest($"{field} must be a whole number {min}–{max}, not '{Shorten(text)}'");
        return value >= min && value <= max ? value : throw ApiException.BadRequest($"{field} must be {min}–{max}, not {value}");
    }

    private static bool BoolField(UploadForm form, string field, bool fallback) => form.Value(field)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "on" or "1" => true,
        "false" or "off" or "0" => false,
        var other => throw ApiException.BadRequest($"{field} must be true or false, not '{Shorten(other)}'"),
    };

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
