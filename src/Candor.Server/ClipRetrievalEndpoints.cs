using System.Text.Json;
using Candor.Search;
using Microsoft.AspNetCore.Http.Features;

namespace Candor.Server;

/// <summary>
/// The two endpoints of clip-retrieval's back end that its <c>ClipClient</c> and front end call, over the served index:
/// <c>GET /indices-list</c> and <c>POST /knn-service</c>. The query is JSON; fields Candor has no use for
/// (deduplicate, safety and aesthetic options, num_result_ids) are ignored.
/// </summary>
internal static class ClipRetrievalEndpoints
{
    // ClipClient asks for 40 results unless told otherwise.
    private const int DefaultCount = 40;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/indices-list", (ServedIndex served) => Results.Json(new[] { served.Require().Manifest.Dataset }))
            .WithSummary("clip-retrieval compatible: the names of the indexes served, a JSON array with the data set's name.");
        app.MapPost("/knn-service", Knn)
            .AddEndpointFilter(SameOriginFilter)
            .WithSummary("clip-retrieval compatible: JSON {\"text\" | \"image\" (base64) | \"embedding_input\" (array), \"modality\": \"image\"|\"text\", \"num_images\", \"indice_name\"}; answers [{\"id\", \"url\", \"caption\", \"similarity\"}], most similar first.");
    }

    // The body is JSON, which a page on another site cannot send without a CORS preflight this server never grants.
    // ClipClient sends it without any content type, which a page could also do; so a request a browser marks as
    // coming from another origin is refused as well.
    private static async ValueTask<object?> SameOriginFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var ownOrigin = $"{request.Scheme}://{request.Host}";
        if ((origin.Length > 0 && !origin.Equals(ownOrigin, StringComparison.OrdinalIgnoreCase)) || site is "cross-site" or "same-site")
            return ApiErrors.Result(StatusCodes.Status403Forbidden, ApiErrors.Forbidden, "requests from other web sites are refused");
        return await next(context);
    }

    private static async Task<IResult> Knn(HttpRequest request, ServedIndex served, ServerOptions options, ILogger<UploadForm> logger)
    {
        var index = served.Require();
        // The image comes base64 in the JSON, a third larger than the file the upload cap is about.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxUploadBytes / 3 * 4 + (1L << 20);
        using var document = await JsonBody.ReadObjectAsync(request, allowMissingType: true);
        var body = document.RootElement;
        var modality = JsonBody.String(body, "modality") ?? "image";
        if (modality is not ("image" or "text")) throw ApiException.BadRequest($"'modality' must be \"image\" or \"text\", not \"{modality}\"");
        var k = SearchEndpoints.CheckedK(JsonBody.Int(body, "num_images", DefaultCount));
        if (JsonBody.String(body, "indice_name") is { } name && name != index.Manifest.Dataset)
            throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, $"no index named '{name}' here; GET /indices-list names the one served ('{index.Manifest.Dataset}')");
        var text = JsonBody.String(body, "text");
        var image = JsonBody.String(body, "image");
        var embedding = JsonBody.Floats(body, "embedding_input", SearchEndpoints.MaxDimension);
        var given = (text is null ? 0 : 1) + (image is null ? 0 : 1) + (embedding is null ? 0 : 1);
        if (given != 1)
        {
            if (given == 0 && JsonBody.String(body, "image_url") is not null)
                throw ApiException.BadRequest("image_url is not supported (this server fetches nothing from the network): send the image's bytes base64 in 'image'");
            throw ApiException.BadRequest("give exactly one of 'text', 'image' (base64) or 'embedding_input'");
        }
        var search = new SearchOptions { K = k, Dihedral = false };
        IReadOnlyList<SearchHit> hits;
        if (text is not null)
        {
            text = SearchEndpoints.CheckedText(text);
            ServerLog.Query(logger, "knn-service", "text", text.Length);
            hits = ByText(index, text, modality, search);
        }
        else if (image is not null)
        {
            var uploaded = UploadForm.Sniff("knn-query", Base64(image, options.MaxUploadBytes));
            ServerLog.Upload(logger, "knn-service", uploaded.Name, uploaded.Format.Name, uploaded.Bytes.Length);
            if (index.Manifest.Image is null) throw SearchEndpoints.NoImageEmbeddings();
            var result = index.SearchImage(uploaded.Bytes, search);
            if (result.Encoder is null) throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, string.Join("; ", result.Notes));
            hits = result.Similar;
        }
        else
        {
            ServerLog.Query(logger, "knn-service", "embedding", embedding!.Length);
            hits = SearchEndpoints.Embedding(index, embedding, modality == "text" ? "caption" : "image", search);
        }
        return ReadingEndpoints.Json(w => Write(w, hits));
    }

    // Text goes to the caption embeddings when asked (modality "text") and to the image embeddings when the text
    // encoder shares their space (a CLIP-like pair); otherwise to the captions, the only place it can be compared.
    private static IReadOnlyList<SearchHit> ByText(SearchIndex index, string text, string modality, SearchOptions options)
    {
        var result = index.SearchText(text, options);
        if (modality == "text" && result.CaptionEncoder is not null) return result.Semantic;
        if (result.ImageEncoder is not null) return result.Images;
        if (result.CaptionEncoder is not null) return result.Semantic;
        throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound,
            $"this index cannot compare a text by meaning: {(result.Notes.Count == 0 ? "it has no caption embeddings" : string.Join("; ", result.Notes))}");
    }

    private static byte[] Base64(string text, long maxBytes)
    {
        // Data URLs ("data:image/png;base64,…") are accepted too: the part after the comma is the image.
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',', StringComparison.Ordinal) : -1;
        var payload = comma >= 0 ? text[(comma + 1)..] : text;
        var bytes = new byte[payload.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(payload, bytes, out var length)) throw ApiException.BadRequest("'image' is not valid base64");
        if (length == 0) throw ApiException.BadRequest("'image' is empty");
        if (length > maxBytes)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, ApiErrors.TooLarge, $"the image is larger than this server accepts ({maxBytes / (1024.0 * 1024.0):0.##} MiB)");
        return bytes[..length];
    }

    private static void Write(Utf8JsonWriter w, IReadOnlyList<SearchHit> hits)
    {
        w.WriteStartArray();
        foreach (var hit in hits)
        {
            w.WriteStartObject();
            w.WriteNumber("id", hit.Item.Id);
            w.WriteString("url", hit.Item.Url);
            w.WriteString("caption", hit.Item.Caption);
            w.WriteNumber("similarity", Math.Round(hit.Score, 5));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
