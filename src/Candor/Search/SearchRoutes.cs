namespace Candor.Search;

/// <summary>The ways a query reaches items, as they appear in results and JSON.</summary>
public static class SearchRoutes
{
    /// <summary>Near-duplicate by PDQ perceptual hash within a Hamming radius (the same picture, re-encoded, resized, flipped…).</summary>
    public const string Pdq = "pdq";

    /// <summary>Similar picture by the image encoder's embedding.</summary>
    public const string ImageEmbedding = "image-embedding";

    /// <summary>Caption containing the query's words (SQLite FTS5, BM25).</summary>
    public const string CaptionWords = "caption-words";

    /// <summary>Caption similar in meaning to the query text (text encoder over captions).</summary>
    public const string CaptionEmbedding = "caption-embedding";

    /// <summary>Image whose embedding is close to the query text's, when the index's image and text encoders share one space (e.g. CLIP).</summary>
    public const string TextToImage = "text-to-image";

    /// <summary>Items close to an embedding given by the caller.</summary>
    public const string Embedding = "embedding";
}
