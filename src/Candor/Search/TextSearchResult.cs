namespace Candor.Search;

/// <summary>What a search by text found: captions with the words, captions with the meaning, and images when the index's encoders share a space.</summary>
/// <param name="Text">The query.</param>
/// <param name="Words">Captions containing the words (FTS5, BM25 ranked).</param>
/// <param name="CaptionEncoder">The text encoder compared against caption embeddings, or null.</param>
/// <param name="Semantic">Captions by embedding similarity.</param>
/// <param name="ImageEncoder">The image index's encoder when text-to-image search ran (CLIP-like pair), else null.</param>
/// <param name="Images">Images by text-to-image similarity.</param>
/// <param name="Notes">What could not be done and why.</param>
public sealed record TextSearchResult(string Text, IReadOnlyList<SearchHit> Words, EmbeddingIndexInfo? CaptionEncoder, IReadOnlyList<SearchHit> Semantic,
    EmbeddingIndexInfo? ImageEncoder, IReadOnlyList<SearchHit> Images, IReadOnlyList<string> Notes);
