using System.Buffers;
using System.Text;
using System.Text.Json;
using Candor.Consent;

namespace Candor.Server;

/// <summary>
/// Reads the bodies of the bulk checks: <c>{"use":"ai-training","items":[{"url","sha256","pdq"},…]}</c> (JSON, read
/// with <see cref="Utf8JsonReader"/> in one pass, no document) and Spawning's newline-separated URLs (text/plain).
/// More than <see cref="MaxItems"/> items is 413; a body that is not the shape is 400. An item's bad URL or hash is
/// not an error here: the registry answers that item with the reason it was not checked.
/// </summary>
internal static class ConsentCheckRequest
{
    /// <summary>The most items (or URLs) one request may hold.</summary>
    public const int MaxItems = 10_000;

    /// <summary>The largest body accepted, in bytes (10,000 URLs of 3 KiB on average).</summary>
    public const int MaxBodyBytes = 32 << 20;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The body of <paramref name="request"/> in a pooled buffer (return it with <see cref="ArrayPool{T}.Return"/>); 413 above <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes) throw TooLarge($"the body is larger than {MaxBodyBytes >> 20} MiB");
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 64 * 1024, 1024, MaxBodyBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBodyBytes) throw TooLarge($"the body is larger than {MaxBodyBytes >> 20} MiB");
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var n = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (n == 0) break;
                length += n;
            }
            if (length > MaxBodyBytes) throw TooLarge($"the body is larger than {MaxBodyBytes >> 20} MiB");
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Parses a JSON bulk-check request; 400 when it is not the shape, 413 above <see cref="MaxItems"/> items.</summary>
    public static (ConsentUse Use, ConsentQuery[] Queries) ParseJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        ConsentUse? use = null;
        List<ConsentQuery>? items = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw ApiException.BadRequest("the body must be a JSON object {\"use\": …, \"items\": […]}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("use"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) throw ApiException.BadRequest($"'use' must be a string: one of {string.Join(", ", ConsentUses.Words)}");
                    if (!ConsentUses.TryParse(reader.GetString(), out var u, out var problem)) throw ApiException.BadRequest(problem);
                    use = u;
                }
                else if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw ApiException.BadRequest("'items' must be an array of objects {\"url\", \"sha256\", \"pdq\"}");
                    items = ReadItems(ref reader);
                }
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw ApiException.BadRequest("the body is not one JSON object");
            if (reader.Read()) throw ApiException.BadRequest("the body holds more than one JSON value");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the body is not valid JSON: {e.Message}");
        }
        if (use is null) throw ApiException.BadRequest($"'use' is missing: one of {string.Join(", ", ConsentUses.Words)}");
        if (items is null) throw ApiException.BadRequest("'items' is missing");
        return (use.Value, [.. items]);
    }

    private static List<ConsentQuery> ReadItems(ref Utf8JsonReader reader)
    {
        var items = new List<ConsentQuery>(1024);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (items.Count == MaxItems) throw TooLarge($"more than {MaxItems} items: split the check into requests of at most {MaxItems}");
            if (reader.TokenType != JsonTokenType.StartObject) throw ApiException.BadRequest($"items[{items.Count}] must be an object {{\"url\", \"sha256\", \"pdq\"}}");
            string? url = null, sha = null, pdq = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.ValueTextEquals("url"u8) ? 1 : reader.ValueTextEquals("sha256"u8) ? 2 : reader.ValueTextEquals("pdq"u8) ? 3 : 0;
                reader.Read();
                if (field == 0)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.String) throw ApiException.BadRequest($"items[{items.Count}]: '{(field == 1 ? "url" : field == 2 ? "sha256" : "pdq")}' must be a string");
                var text = reader.GetString();
                if (field == 1) url = text;
                else if (field == 2) sha = text;
                else pdq = text;
            }
            items.Add(new ConsentQuery(url, sha, pdq));
        }
        return items;
    }

    /// <summary>
    /// Splits Spawning's text/plain body into URLs: one per line (<c>\n</c>, a <c>\r</c> before it dropped), in order;
    /// a last empty line after a final newline is not a URL. 413 above <see cref="MaxItems"/>; 400 when the body is not UTF-8.
    /// </summary>
    public static List<string> SplitLines(ReadOnlySpan<byte> body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.BadRequest("the body is not UTF-8 text");
        }
        var urls = new List<string>(Math.Min(MaxItems, 1 + body.Length / 64));
        if (text.Length == 0) return urls;
        for (var start = 0; ;)
        {
            var newline = text.IndexOf('\n', start);
            var line = text.AsSpan(start, (newline < 0 ? text.Length : newline) - start);
            if (line.EndsWith("\r")) line = line[..^1];
            if (urls.Count == MaxItems) throw TooLarge($"more than {MaxItems} URLs: send at most {MaxItems} per request");
            urls.Add(line.ToString());
            if (newline < 0 || newline == text.Length - 1) break;
            start = newline + 1;
        }
        return urls;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ApiException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, ApiErrors.TooLarge, message);
}
