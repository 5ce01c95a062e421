using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Candor.Server;

/// <summary>Reads a JSON request body: the content type checked, the document parsed with a small depth limit, the top level an object.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <summary>True when <paramref name="contentType"/> is <c>application/json</c> or another <c>+json</c> type.</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The body of <paramref name="request"/> as a JSON object. 415 unless the content type is JSON (or, with
    /// <paramref name="allowMissingType"/>, absent); 400 when the body is not a JSON object.
    /// </summary>
    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, bool allowMissingType = false)
    {
        var type = request.ContentType;
        if (!(IsJson(type) || (allowMissingType && string.IsNullOrEmpty(type))))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ApiErrors.Unsupported, "send the query as JSON with the header Content-Type: application/json");
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the body is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadRequest("the body must be a JSON object");
        }
        return document;
    }

    /// <summary>The string property <paramref name="name"/>, or null when it is absent or null; 400 when it is another kind of value.</summary>
    public static string? String(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw ApiException.BadRequest($"'{name}' must be a string");

    /// <summary>The whole-number property <paramref name="name"/>, or <paramref name="fallback"/> when it is absent or null; 400 otherwise.</summary>
    public static int Int(JsonElement body, string name, int fallback) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? fallback
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n
        : throw ApiException.BadRequest($"'{name}' must be a whole number");

    /// <summary>
    /// The array of numbers <paramref name="name"/> as floats, or null when it is absent or null; 400 when it is not an
    /// array of finite numbers or has more than <paramref name="maxLength"/> of them.
    /// </summary>
    public static float[]? Floats(JsonElement body, string name, int maxLength)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw ApiException.BadRequest($"'{name}' must be an array of numbers");
        var length = value.GetArrayLength();
        if (length == 0 || length > maxLength) throw ApiException.BadRequest($"'{name}' must hold 1 to {maxLength} numbers, not {length}");
        var floats = new float[length];
        var i = 0;
        foreach (var x in value.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetSingle(out var f) || !float.IsFinite(f))
                throw ApiException.BadRequest($"'{name}'[{i}] is not a finite number");
            floats[i++] = f;
        }
        return floats;
    }
}
