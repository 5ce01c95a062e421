using System.Globalization;
using Candor.Embeddings;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Index;

namespace Candor.Search;

/// <summary>
/// An index folder opened for queries — the library entry point behind <c>candor search</c>, <c>candor attribute</c>
/// and the server: search by image bytes (near-duplicates by PDQ, then similar images by embedding), by text (caption
/// words, caption meaning, text-to-image when the encoders are a pair), by embedding; attribution by image embedding.
/// Indexes are memory-mapped; encoders are loaded on first use. Safe to call from several threads.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private readonly object _catalogueLock = new();
    private readonly ItemCatalogue _catalogue;
    private readonly HammingIndex? _pdq;
    private readonly long[] _pdqIds;
    private readonly VectorIndex? _images;
    private readonly VectorIndex? _captions;
    private readonly Lazy<IImageEncoder?> _imageEncoder;
    private readonly Lazy<ITextEncoder?> _textEncoder;
    private readonly List<string> _imageNotes = [];
    private readonly List<string> _textNotes = [];

    private SearchIndex(string folder, IndexManifest manifest, SearchIndexOptions options)
    {
        Folder = folder;
        Manifest = manifest;
        _catalogue = ItemCatalogue.Open(Path.Combine(folder, IndexFiles.Catalogue), readOnly: true);
        try
        {
            var pdqPath = Path.Combine(folder, IndexFiles.Pdq);
            if (manifest.Pdq && File.Exists(pdqPath))
            {
                _pdq = HammingIndex.Open(pdqPath);
                _pdqIds = PdqIdMap.Read(Path.Combine(folder, IndexFiles.PdqIds));
                if (_pdqIds.LongLength != _pdq.Count)
                    throw new CandorFormatException($"{folder}: the PDQ index has {_pdq.Count} codes but the id map {_pdqIds.Length}; run 'candor index verify'");
            }
            else _pdqIds = [];
            if (manifest.Image is { } image) _images = VectorIndex.Open(Path.Combine(folder, image.File));
            if (manifest.Caption is { } caption) _captions = VectorIndex.Open(Path.Combine(folder, caption.File));
        }
        catch
        {
            Dispose();
            throw;
        }
        _imageEncoder = new(() => CreateImageEncoder(options), LazyThreadSafetyMode.ExecutionAndPublication);
        _textEncoder = new(() => CreateTextEncoder(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The index folder.</summary>
    public string Folder { get; }

    /// <summary>The folder's manifest.</summary>
    public IndexManifest Manifest { get; }

    /// <summary>Opens the index in <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder has no manifest.</exception>
    /// <exception cref="CandorFormatException">A file of the folder is damaged or of another version.</exception>
    public static SearchIndex Open(string folder, SearchIndexOptions? options = null) =>
        new(folder, IndexManifest.Read(folder), options ?? new SearchIndexOptions());

    /// <summary>Searches by a picture given as file bytes (PNG, JPEG or WebP).</summary>
    /// <exception cref="CandorFormatException">The bytes are not a decodable image.</exception>
    public ImageSearchResult SearchImage(ReadOnlySpan<byte> encoded, SearchOptions? options = null)
    {
        // PDQ from the bytes by the reference's own pipeline, as the index was built, so an identical file matches at distance 0.
        var dihedral = _pdq is null ? null : PdqHasher.HashEncodedDihedral(encoded);
        return SearchImage(ImageCodec.Decode(encoded), dihedral, options);
    }

    /// <summary>Searches by a decoded picture: near-duplicates by PDQ within the radius, then similar pictures by embedding.</summary>
    public ImageSearchResult SearchImage(FloatImage image, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return SearchImage(image, _pdq is null ? null : PdqHasher.HashDihedral(image), options);
    }

    private ImageSearchResult SearchImage(FloatImage image, PdqDihedral? dihedral, SearchOptions? options)
    {
        options ??= new SearchOptions();
        options.Validate();
        var notes = new List<string>();
        var (pdq, near) = NearDuplicates(image, dihedral, options, notes);
        EmbeddingIndexInfo? encoder = null;
        IReadOnlyList<SearchHit> similar = [];
        if (_images is null) notes.Add("this index has no image embeddings (build with --embed image)");
        else if (_imageEncoder.Value is not { } imageEncoder) notes.AddRange(_imageNotes);
        else
        {
            encoder = Manifest.Image;
            similar = Hits(_images.Search(imageEncoder.Encode(image), options.K, options.Expansion), SearchRoutes.ImageEmbedding);
        }
        return new ImageSearchResult(pdq?.Hash.ToString(), pdq?.Quality, options.Radius, near, encoder, similar, notes);
    }

    /// <summary>Searches by text: caption words (FTS5), caption meaning (text encoder), and images when the text encoder shares the image index's space.</summary>
    public TextSearchResult SearchText(string text, SearchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        options ??= new SearchOptions();
        options.Validate();
        var notes = new List<string>();
        IReadOnlyList<WordMatch> words;
        lock (_catalogueLock) words = _catalogue.SearchWords(text, options.K);
        var wordHits = Hits(words.Select(w => (w.Id, w.Rank)), SearchRoutes.CaptionWords, "bm25");
        EmbeddingIndexInfo? captionEncoder = null, imageEncoder = null;
        IReadOnlyList<SearchHit> semantic = [], images = [];
        var encoder = _textEncoder.Value;
        if (encoder is null) notes.AddRange(_textNotes);
        float[]? query = encoder?.Encode(text);
        if (_captions is null) notes.Add("this index has no caption embeddings (build with --embed text)");
        else if (encoder is not null && query is not null)
        {
            if (encoder.Info.Space == Manifest.Caption!.Space)
            {
                captionEncoder = Manifest.Caption;
                semantic = Hits(_captions.Search(query, options.K, options.Expansion), SearchRoutes.CaptionEmbedding);
            }
            else notes.Add($"the text encoder '{encoder.Info.Name}' ({encoder.Info.Space}) is not the one the captions were embedded with ({Manifest.Caption.Space})");
        }
        if (_images is not null && encoder is not null && query is not null)
        {
            if (encoder.Info.Space == Manifest.Image!.Space)
            {
                imageEncoder = Manifest.Image;
                images = Hits(_images.Search(query, options.K, options.Expansion), SearchRoutes.TextToImage);
            }
            else notes.Add($"text-to-image search needs a text encoder in the image index's space '{Manifest.Image.Space}' (a CLIP-like pair; see docs/embeddings.md)");
        }
        return new TextSearchResult(text, wordHits, captionEncoder, semantic, imageEncoder, images, notes);
    }

    /// <summary>Items whose embedding is closest to <paramref name="vector"/> (normalised here) in the image or caption index.</summary>
    /// <param name="vector">The query embedding, in the index's space.</param>
    /// <param name="target"><c>image</c> or <c>caption</c>.</param>
    /// <param name="options">k and the search breadth.</param>
    /// <exception cref="ArgumentException">The index has no such embeddings, or the vector's length differs.</exception>
    public IReadOnlyList<SearchHit> SearchEmbedding(ReadOnlySpan<float> vector, string target = "image", SearchOptions? options = null)
    {
        options ??= new SearchOptions();
        options.Validate();
        var index = target switch
        {
            "image" => _images ?? throw new ArgumentException("this index has no image embeddings", nameof(target)),
            "caption" => _captions ?? throw new ArgumentException("this index has no caption embeddings", nameof(target)),
            _ => throw new ArgumentException($"target must be 'image' or 'caption', not '{target}'", nameof(target)),
        };
        if (vector.Length != index.Dimensions)
            throw new ArgumentException($"the query embedding has {vector.Length} values; the {target} index holds {index.Dimensions}-d vectors", nameof(vector));
        var q = vector.ToArray();
        if (!q.Any(x => x != 0) || !q.All(float.IsFinite)) throw new ArgumentException("the query embedding is zero or not finite", nameof(vector));
        EmbeddingMath.Normalize(q);
        return Hits(index.Search(q, options.K, options.Expansion), SearchRoutes.Embedding);
    }

    /// <summary>The training images nearest to a generated one by image embedding, with any PDQ near-duplicates.</summary>
    /// <exception cref="InvalidOperationException">The index has no image embeddings, or no encoder for their space.</exception>
    public AttributionResult Attribute(FloatImage image, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Attribute(image, _pdq is null ? null : PdqHasher.HashDihedral(image), options);
    }

    /// <summary>The attribution of a picture given as file bytes.</summary>
    public AttributionResult Attribute(ReadOnlySpan<byte> encoded, SearchOptions? options = null)
    {
        var dihedral = _pdq is null ? null : PdqHasher.HashEncodedDihedral(encoded);
        return Attribute(ImageCodec.Decode(encoded), dihedral, options);
    }

    private AttributionResult Attribute(FloatImage image, PdqDihedral? dihedral, SearchOptions? options)
    {
        options ??= new SearchOptions();
        options.Validate();
        if (_images is null) throw new InvalidOperationException("this index has no image embeddings: build it with --embed image to attribute");
        var encoder = _imageEncoder.Value ?? throw new InvalidOperationException(string.Join("; ", _imageNotes));
        var nearest = Hits(_images.Search(encoder.Encode(image), options.K, options.Expansion), SearchRoutes.ImageEmbedding);
        var (_, near) = NearDuplicates(image, dihedral, options, []);
        var info = Manifest.Image!;
        var statement = nearest.Count == 0
            ? "The index is empty: nothing to compare with."
            : $"These are the {nearest.Count} images of '{Manifest.Dataset}' most similar to yours according to {info.Encoder} " +
              $"(cosine similarity {nearest[0].Score:0.000} to {nearest[^1].Score:0.000}). Similarity is how alike two pictures look to this encoder; " +
              "it does not show that any of them was used to make your image." +
              (near.Count > 0 ? $" {near.Count} of the data set's images are near-duplicates of yours by PDQ (the same picture, possibly resized or re-encoded)." : "");
        return new AttributionResult(info, nearest, near, statement);
    }

    /// <summary>An item by id, or null.</summary>
    public CatalogueItem? Item(long id)
    {
        lock (_catalogueLock) return _catalogue.Get(id);
    }

    /// <summary>True when a preview is stored for the item (without reading it).</summary>
    public bool HasThumbnail(long id)
    {
        lock (_catalogueLock) return _catalogue.HasThumbnail(id);
    }

    /// <summary>The stored preview of an item (MIME type and bytes), or null.</summary>
    public (string Mime, byte[] Bytes)? Thumbnail(long id)
    {
        lock (_catalogueLock) return _catalogue.Thumbnail(id);
    }

    private (PdqResult? Query, IReadOnlyList<SearchHit> Hits) NearDuplicates(FloatImage image, PdqDihedral? dihedral, SearchOptions options, List<string> notes)
    {
        if (_pdq is null || dihedral is null)
        {
            notes.Add("this index has no PDQ hashes (the data set had no image bytes, or it was built with --no-pdq)");
            return (null, []);
        }
        var best = new Dictionary<long, (int Distance, string Variant)>();
        var found = new List<HammingMatch>();
        var query = dihedral.Result;
        var all = dihedral.All;
        var variants = Enumerable.Range(0, options.Dihedral ? all.Count : 1).Select(i => (Hash: all[i], Variant: i == 0 ? "original" : PdqDihedral.Names[i])).ToList();
        if (Manifest.PdqVariants)
        {
            // The index also holds each image's centre crops: probe with the query reduced and turned back by a few
            // degrees, so a cropped or slightly turned copy meets one of them.
            var turned = PdqVariants.QueryHashes(image);
            variants.Add((turned[0].Hash, "reduced"));
            for (var i = 1; i < turned.Count; i++)
                variants.Add((turned[i].Hash, string.Create(CultureInfo.InvariantCulture, $"turned {PdqVariants.QueryAngles[i - 1]:+0.#;-0.#}°")));
        }
        if (query.Quality < PdqHasher.LowQuality)
            notes.Add($"the query's PDQ quality is {query.Quality} (below {PdqHasher.LowQuality}): the picture has little structure, so PDQ matches are unreliable");
        foreach (var (hash, variant) in variants)
        {
            found.Clear();
            _pdq.Search(new HammingCode(hash.W0, hash.W1, hash.W2, hash.W3), options.Radius, found);
            foreach (var m in found)
            {
                var id = _pdqIds[m.Id];
                // Codes after the items' own are centre crops of the indexed image.
                var matched = m.Id >= Manifest.PdqItems ? $"{variant} ~ indexed centre crop" : variant;
                if (!best.TryGetValue(id, out var b) || m.Distance < b.Distance) best[id] = (m.Distance, matched);
            }
        }
        var ordered = best.OrderBy(p => p.Value.Distance).ThenBy(p => p.Key).Take(options.K).ToList();
        var hits = new List<SearchHit>(ordered.Count);
        lock (_catalogueLock)
            foreach (var (id, (distance, variant)) in ordered)
                if (_catalogue.Get(id) is { } item)
                    hits.Add(new SearchHit(item, SearchRoutes.Pdq, distance, "hamming-distance", variant, Manifest.Thumbnails && _catalogue.HasThumbnail(id)));
        return (query, hits);
    }

    private List<SearchHit> Hits(IReadOnlyList<VectorMatch> matches, string route) =>
        Hits(matches.Select(m => (m.Id, (double)m.Similarity)), route, "cosine-similarity");

    private List<SearchHit> Hits(IEnumerable<(long Id, double Score)> matches, string route, string measure)
    {
        var hits = new List<SearchHit>();
        lock (_catalogueLock)
            foreach (var (id, score) in matches)
                if (_catalogue.Get(id) is { } item)
                    hits.Add(new SearchHit(item, route, score, measure, null, Manifest.Thumbnails && _catalogue.HasThumbnail(id)));
        return hits;
    }

    private IImageEncoder? CreateImageEncoder(SearchIndexOptions options)
    {
        if (Manifest.Image is not { } info) return null;
        var config = options.ImageEncoderConfig ?? info.Config;
        if (config is null && info.Source == "precomputed")
        {
            _imageNotes.Add($"the image embeddings came with the data set (space '{info.Space}'): give an image encoder of that space (--image-encoder CONFIG) to search by picture, or query with an embedding");
            return null;
        }
        var encoder = IndexBuilder.LoadImageEncoder(config);
        if (encoder.Info.Space != info.Space || encoder.Info.Dimension != info.Dimension)
        {
            _imageNotes.Add($"the image encoder '{encoder.Info.Name}' ({encoder.Info.Space}, {encoder.Info.Dimension}-d) does not match the index ({info.Space}, {info.Dimension}-d)");
            encoder.Dispose();
            return null;
        }
        return encoder;
    }

    private ITextEncoder? CreateTextEncoder(SearchIndexOptions options)
    {
        // Only an index with caption embeddings, or a text encoder the caller names for text-to-image, needs one:
        // an image-only index answers text with caption words alone instead of loading MiniLM for nothing.
        if (options.TextEncoderConfig is null && Manifest.Caption is null)
        {
            if (Manifest.Image is { } image)
                _textNotes.Add($"text-to-image search needs a text encoder in the image index's space '{image.Space}' (a CLIP-like pair: --text-encoder CONFIG; see docs/embeddings.md)");
            return null;
        }
        return IndexBuilder.LoadTextEncoder(options.TextEncoderConfig ?? Manifest.Caption?.Config);
    }

    /// <summary>Closes the files and releases the encoders.</summary>
    public void Dispose()
    {
        _catalogue.Dispose();
        _pdq?.Dispose();
        _images?.Dispose();
        _captions?.Dispose();
        if (_imageEncoder is { IsValueCreated: true, Value: { } i }) i.Dispose();
        if (_textEncoder is { IsValueCreated: true, Value: { } t }) t.Dispose();
    }
}
