using Candor.Index;
using System.Text.Json;

namespace Candor.Search;

/// <summary>
/// The JSON of search results, shared by <c>candor search --json</c>, <c>candor attribute --json</c> and the server:
/// <c>candor.search/1</c> and <c>candor.attribute/1</c>. Every hit names its route and measure, so a reader never
/// mistakes a similarity for a distance, and never reads "source" where the result says "similar".
/// </summary>
public static class SearchJson
{
    /// <summary>The schema id of search results.</summary>
    public const string SearchSchema = "candor.search/1";

    /// <summary>The schema id of attribution results.</summary>
    public const string AttributeSchema = "candor.attribute/1";

    /// <summary>Writes a search-by-image result.</summary>
    public static void Write(Utf8JsonWriter w, SearchIndex index, ImageSearchResult result, string? queryName)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteStartObject();
        w.WriteString("schema", SearchSchema);
        WriteIndex(w, index);
        w.WriteStartObject("query");
        w.WriteString("kind", "image");
        if (queryName is not null) w.WriteString("name", queryName);
        if (result.QueryPdq is not null) w.WriteString("pdq", result.QueryPdq);
        if (result.QueryQuality is { } q) w.WriteNumber("pdqQuality", q);
        w.WriteNumber("radius", result.Radius);
        w.WriteEndObject();
        WriteHits(w, "nearDuplicates", result.NearDuplicates);
        WriteEncoder(w, "imageEncoder", result.Encoder);
        WriteHits(w, "similar", result.Similar);
        WriteNotes(w, result.Notes);
        w.WriteEndObject();
    }

    /// <summary>Writes a search-by-text result.</summary>
    public static void Write(Utf8JsonWriter w, SearchIndex index, TextSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteStartObject();
        w.WriteString("schema", SearchSchema);
        WriteIndex(w, index);
        w.WriteStartObject("query");
        w.WriteString("kind", "text");
        w.WriteString("text", result.Text);
        w.WriteEndObject();
        WriteHits(w, "words", result.Words);
        WriteEncoder(w, "captionEncoder", result.CaptionEncoder);
        WriteHits(w, "semantic", result.Semantic);
        WriteEncoder(w, "imageEncoder", result.ImageEncoder);
        WriteHits(w, "images", result.Images);
        WriteNotes(w, result.Notes);
        w.WriteEndObject();
    }

    /// <summary>Writes a search-by-embedding result.</summary>
    public static void Write(Utf8JsonWriter w, SearchIndex index, string target, IReadOnlyList<SearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("schema", SearchSchema);
        WriteIndex(w, index);
        w.WriteStartObject("query");
        w.WriteString("kind", "embedding");
        w.WriteString("target", target);
        w.WriteEndObject();
        WriteEncoder(w, target == "image" ? "imageEncoder" : "captionEncoder", target == "image" ? index.Manifest.Image : index.Manifest.Caption);
        WriteHits(w, "similar", hits);
        w.WriteEndObject();
    }

    /// <summary>Writes an attribution result.</summary>
    public static void Write(Utf8JsonWriter w, SearchIndex index, AttributionResult result, string? queryName)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(result);
        w.WriteStartObject();
        w.WriteString("schema", AttributeSchema);
        WriteIndex(w, index);
        if (queryName is not null) w.WriteString("query", queryName);
        WriteEncoder(w, "encoder", result.Encoder);
        WriteHits(w, "nearest", result.Nearest);
        WriteHits(w, "nearDuplicates", result.NearDuplicates);
        w.WriteString("statement", result.Statement);
        w.WriteEndObject();
    }

    /// <summary>One result as a JSON object.</summary>
    public static void WriteHit(Utf8JsonWriter w, SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(hit);
        var item = hit.Item;
        w.WriteStartObject();
        w.WriteNumber("id", item.Id);
        w.WriteString("route", hit.Route);
        w.WriteString("measure", hit.Measure);
        if (hit.Measure == "hamming-distance") w.WriteNumber("score", (int)hit.Score);
        else w.WriteNumber("score", Math.Round(hit.Score, 5));
        if (hit.Variant is not null) w.WriteString("variant", hit.Variant);
        WriteItemFields(w, item, hit.HasThumbnail);
        w.WriteEndObject();
    }

    /// <summary>One catalogue item as a JSON object (what <c>GET /api/items/{id}</c> returns): the fields of a hit without route and score.</summary>
    public static void WriteItem(Utf8JsonWriter w, CatalogueItem item, bool hasThumbnail)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(item);
        w.WriteStartObject();
        w.WriteNumber("id", item.Id);
        WriteItemFields(w, item, hasThumbnail);
        w.WriteEndObject();
    }

    private static void WriteItemFields(Utf8JsonWriter w, CatalogueItem item, bool hasThumbnail)
    {
        w.WriteString("key", item.Key);
        if (item.Url is not null) w.WriteString("url", item.Url);
        if (item.Caption is not null) w.WriteString("caption", item.Caption);
        w.WriteNumber("shard", item.Shard);
        w.WriteNumber("row", item.Row);
        if (item.Width is { } width) w.WriteNumber("width", width);
        if (item.Height is { } height) w.WriteNumber("height", height);
        if (item.License is not null) w.WriteString("license", item.License);
        if (item.Sha256 is not null) w.WriteString("sha256", item.Sha256);
        if (item.Pdq is not null) w.WriteString("pdq", item.Pdq);
        w.WriteBoolean("thumbnail", hasThumbnail);
    }

    /// <summary>An encoder description as a JSON object (or nothing when null).</summary>
    public static void WriteEncoder(Utf8JsonWriter w, string name, EmbeddingIndexInfo? info)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (info is null) return;
        w.WriteStartObject(name);
        w.WriteString("name", info.Encoder);
        w.WriteString("space", info.Space);
        w.WriteNumber("dimension", info.Dimension);
        w.WriteString("source", info.Source);
        w.WriteEndObject();
    }

    private static void WriteIndex(Utf8JsonWriter w, SearchIndex index)
    {
        w.WriteStartObject("index");
        w.WriteString("dataset", index.Manifest.Dataset);
        w.WriteNumber("items", index.Manifest.Items);
        w.WriteEndObject();
    }

    private static void WriteHits(Utf8JsonWriter w, string name, IReadOnlyList<SearchHit> hits)
    {
        w.WriteStartArray(name);
        foreach (var hit in hits) WriteHit(w, hit);
        w.WriteEndArray();
    }

    private static void WriteNotes(Utf8JsonWriter w, IReadOnlyList<string> notes)
    {
        w.WriteStartArray("notes");
        foreach (var note in notes) w.WriteStringValue(note);
        w.WriteEndArray();
    }
}
