using System.Diagnostics;
using System.Text.Json;
using Candor.Datasets;
using Candor.Embeddings;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Jpeg;
using Candor.Index;

namespace Candor.Search;

/// <summary>
/// Builds an index folder from a data set: the catalogue (every item, captions searchable by word), PDQ hashes of
/// the images and the Hamming index over them, image and caption embeddings and their vector indexes. Shards are
/// ingested one at a time, each committed whole, so an interrupted build resumes where it stopped, and a build on a
/// folder whose data set has grown appends the new shards. A bad row or shard is recorded and skipped.
/// </summary>
public static class IndexBuilder
{
    /// <summary>Largest image file read for hashing or embedding (items over it are catalogued without pixels).</summary>
    public const int MaxImageBytes = 64 << 20;

    private const string OptionsKey = "build-options";

    /// <summary>Builds, resumes or appends to the index in <paramref name="folder"/> from the data set at <paramref name="datasetPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder was built with other options, or another build holds it.</exception>
    /// <exception cref="CandorFormatException">The data set cannot be read at all.</exception>
    public static IndexBuildReport Build(string datasetPath, string folder, IndexBuildOptions? options = null, IProgress<IndexBuildProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new IndexBuildOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        using var buildLock = TakeLock(folder);
        var dataset = Dataset.Open(datasetPath, ct);
        using var catalogue = ItemCatalogue.OpenOrCreate(Path.Combine(folder, IndexFiles.Catalogue));
        CheckOptions(catalogue, options);
        var previous = IndexManifest.Exists(folder) ? IndexManifest.Read(folder) : null;

        using var imageEncoder = options.EmbedImages ? LoadImageEncoder(options.ImageEncoderConfig) : null;
        using var textEncoder = options.EmbedCaptions ? LoadTextEncoder(options.TextEncoderConfig) : null;

        var done = catalogue.Shards().ToDictionary(s => s.Path, StringComparer.Ordinal);
        var nextShard = done.Count == 0 ? 0 : done.Values.Max(s => s.Index) + 1;
        int skipped = 0, ingested = 0;
        long items = 0, problems = 0;
        int? precomputedDimension = null;
        foreach (var shard in dataset.Shards)
        {
            ct.ThrowIfCancellationRequested();
            if (done.ContainsKey(shard.Path))
            {
                skipped++;
                continue;
            }
            progress?.Report(new IndexBuildProgress("ingest", shard.Path, skipped + ingested, dataset.Shards.Count, items, problems));
            var result = IngestShard(dataset, shard, nextShard++, folder, catalogue, options, imageEncoder, textEncoder,
                p => progress?.Report(new IndexBuildProgress("ingest", shard.Path, skipped + ingested, dataset.Shards.Count, items + p.Items, problems + p.Problems)), ct);
            items += result.Items;
            problems += result.Problems;
            precomputedDimension ??= result.PrecomputedDimension;
            ingested++;
        }

        progress?.Report(new IndexBuildProgress("pdq-index", null, skipped + ingested, dataset.Shards.Count, items, problems));
        var (pdqItems, pdqCodes) = options.Pdq ? BuildHammingIndex(catalogue, folder, options.PdqVariants, ct) : (0, 0);
        var vectorOptions = options.Vectors ?? new VectorIndexOptions();

        EmbeddingIndexInfo? image = null;
        if (imageEncoder is not null || previous?.Image is not null || precomputedDimension is not null)
        {
            progress?.Report(new IndexBuildProgress("image-index", null, skipped + ingested, dataset.Shards.Count, items, problems));
            var info = imageEncoder is not null ? Describe(imageEncoder.Info, "computed", options.ImageEncoderConfig)
                : previous?.Image ?? new EmbeddingIndexInfo { Encoder = options.PrecomputedSpace, Space = options.PrecomputedSpace, Dimension = precomputedDimension!.Value, Source = "precomputed" };
            image = BuildVectorIndex(folder, "image", IndexFiles.ImageVectors, info, vectorOptions, ct);
        }
        EmbeddingIndexInfo? caption = null;
        if (textEncoder is not null || previous?.Caption is not null)
        {
            progress?.Report(new IndexBuildProgress("caption-index", null, skipped + ingested, dataset.Shards.Count, items, problems));
            var info = textEncoder is not null ? Describe(textEncoder.Info, "computed", options.TextEncoderConfig) : previous!.Caption!;
            caption = BuildVectorIndex(folder, "caption", IndexFiles.CaptionVectors, info, vectorOptions, ct);
        }

        var now = ItemCatalogue.Utc(DateTimeOffset.UtcNow);
        var manifest = new IndexManifest
        {
            Dataset = dataset.Name,
            DatasetPath = Path.GetFullPath(datasetPath),
            Created = previous?.Created ?? now,
            Updated = now,
            Items = catalogue.Count,
            Shards = catalogue.Shards().Count,
            Problems = catalogue.ProblemCount,
            Pdq = options.Pdq,
            PdqItems = pdqItems,
            PdqVariants = options.Pdq && options.PdqVariants,
            PdqCodes = pdqCodes,
            Image = image,
            Caption = caption,
            Thumbnails = options.Thumbnails,
        };
        catalogue.Seal();
        manifest.Write(folder);
        progress?.Report(new IndexBuildProgress("done", null, skipped + ingested, dataset.Shards.Count, items, problems));
        return new IndexBuildReport(manifest, skipped, ingested, items, problems, clock.Elapsed);
    }

    private sealed record ShardResult(long Items, long Problems, int? PrecomputedDimension);

    private sealed class Prepared
    {
        public required DatasetRecord Record { get; init; }
        public FloatImage? Image { get; set; }
        public PdqResult? Pdq { get; set; }
        public IReadOnlyList<PdqResult>? PdqCrops { get; set; }
        public byte[]? Thumbnail { get; set; }
        public string? Problem { get; set; }
    }

    private static ShardResult IngestShard(Dataset dataset, DatasetShard shard, int shardIndex, string folder, ItemCatalogue catalogue, IndexBuildOptions options,
        IImageEncoder? imageEncoder, ITextEncoder? textEncoder, Action<(long Items, long Problems)> batchDone, CancellationToken ct)
    {
        using var writer = catalogue.BeginShard(shardIndex);
        var imageVectors = new List<(long, float[])>();
        var captionVectors = new List<(long, float[])>();
        var precomputed = new List<(long, float[])>();
        var crops = new List<(long, PdqHash)>();
        using var npy = shard.EmbeddingPaths is { } paths && paths.TryGetValue("image", out var npyPath) ? NpyArray.Open(npyPath) : null;
        var needPixels = options.Pdq || imageEncoder is not null || options.Thumbnails;
        var batch = new List<DatasetRecord>(options.BatchSize);

        void Flush()
        {
            if (batch.Count == 0) return;
            var prepared = batch.Select(r => new Prepared { Record = r }).ToArray();
            if (needPixels)
                Parallel.ForEach(prepared, new ParallelOptions { CancellationToken = ct }, p => Decode(p, options));
            float[][]? imageEmbeddings = null;
            var withImage = prepared.Where(p => p.Image is not null).ToList();
            if (imageEncoder is not null && withImage.Count > 0)
                imageEmbeddings = imageEncoder.EncodeBatch(withImage.Select(p => p.Image!).ToList());
            var withCaption = prepared.Where(p => !string.IsNullOrWhiteSpace(p.Record.Caption)).ToList();
            var captionEmbeddings = textEncoder is not null && withCaption.Count > 0 ? textEncoder.EncodeBatch(withCaption.Select(p => p.Record.Caption!).ToList()) : null;
            var ids = new Dictionary<Prepared, long>(ReferenceEqualityComparer.Instance);
            foreach (var p in prepared)
            {
                var r = p.Record;
                if (p.Problem is not null) writer.AddProblem(r.RowInShard, $"{r.Key}: {p.Problem}");
                var id = writer.Add(new CatalogueItem
                {
                    Row = r.RowInShard,
                    Key = r.Key,
                    Url = r.Url,
                    Caption = r.Caption,
                    Width = r.Width ?? p.Image?.Width,
                    Height = r.Height ?? p.Image?.Height,
                    License = r.License,
                    Sha256 = r.Sha256,
                    Pdq = p.Pdq?.Hash.ToString(),
                    PdqQuality = p.Pdq?.Quality,
                    ExtraJson = r.Extra.Count == 0 ? null : JsonSerializer.Serialize(r.Extra),
                });
                ids[p] = id;
                foreach (var crop in p.PdqCrops ?? []) crops.Add((id, crop.Hash));
                if (p.Thumbnail is not null) writer.AddThumbnail(id, "image/jpeg", p.Thumbnail);
                if (npy is not null && r.RowInShard < npy.Rows)
                {
                    var vector = new float[npy.Columns];
                    npy.ReadRow(r.RowInShard, vector);
                    EmbeddingMath.Normalize(vector);
                    precomputed.Add((id, vector));
                }
                p.Image = null;
            }
            if (imageEmbeddings is not null)
                for (var i = 0; i < withImage.Count; i++) imageVectors.Add((ids[withImage[i]], imageEmbeddings[i]));
            if (captionEmbeddings is not null)
                for (var i = 0; i < withCaption.Count; i++) captionVectors.Add((ids[withCaption[i]], captionEmbeddings[i]));
            batch.Clear();
            batchDone((writer.Items, writer.Problems));
        }

        try
        {
            foreach (var record in dataset.Read(shard, problem => writer.AddProblem(problem.Row, problem.Message), ct))
            {
                batch.Add(record);
                if (batch.Count == options.BatchSize) Flush();
            }
            Flush();
        }
        catch (Exception e) when (e is CandorFormatException or IOException or InvalidDataException)
        {
            // The shard is unreadable from here on: keep what was read, say where it stopped.
            batch.Clear();
            writer.AddProblem(null, $"shard stopped being readable: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
        }

        if (imageEncoder is not null) VectorShardFile.Write(IndexFiles.VectorShard(folder, "image", shardIndex), imageVectors, imageEncoder.Info.Dimension);
        else if (npy is not null) VectorShardFile.Write(IndexFiles.VectorShard(folder, "image", shardIndex), precomputed, npy.Columns);
        if (textEncoder is not null) VectorShardFile.Write(IndexFiles.VectorShard(folder, "caption", shardIndex), captionVectors, textEncoder.Info.Dimension);
        if (options.Pdq && options.PdqVariants) PdqCropShardFile.Write(IndexFiles.PdqCropShard(folder, shardIndex), crops);
        var items = writer.Items;
        var problems = writer.Problems;
        writer.Complete(shard.Path, shard.Format.ToString().ToLowerInvariant());
        return new ShardResult(items, problems, imageEncoder is null ? npy?.Columns : null);
    }

    private static void Decode(Prepared p, IndexBuildOptions options)
    {
        var r = p.Record;
        try
        {
            ReadOnlyMemory<byte> bytes = r.Image;
            if (bytes.IsEmpty && r.ImagePath is not null)
            {
                var length = new FileInfo(r.ImagePath).Length;
                if (length > MaxImageBytes)
                {
                    p.Problem = $"image file of {length:N0} bytes is over the {MaxImageBytes >> 20} MiB limit; catalogued without pixels";
                    return;
                }
                bytes = File.ReadAllBytes(r.ImagePath);
            }
            if (bytes.IsEmpty) return;
            var image = ImageCodec.Decode(bytes.Span);
            // PDQ by the reference's file pipeline (its own decode and 512-pixel rule), so hashes equal Meta's tools'.
            if (options.Pdq) p.Pdq = PdqHasher.HashEncoded(bytes.Span);
            if (options.Pdq && options.PdqVariants) p.PdqCrops = PdqVariants.IndexHashes(image);
            if (options.Thumbnails) p.Thumbnail = Thumbnail(image);
            p.Image = image;
        }
        catch (Exception e) when (e is CandorFormatException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            p.Problem = $"image not decodable ({(e is CandorFormatException f ? f.Describe() : e.Message)}); catalogued without pixels";
        }
    }

    /// <summary>A JPEG preview whose long side is at most 128 pixels.</summary>
    internal static byte[] Thumbnail(FloatImage image)
    {
        const int side = 128;
        var scale = Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height));
        var small = scale < 1 ? Transforms.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), ResizeFilter.Bilinear) : image;
        if (small.HasAlpha) small = new FloatImage(small.Width, small.Height, small.Planes[..3]);
        return JpegCodec.Encode(small, 80);
    }

    /// <summary>Builds the Hamming index over every item's PDQ hash, then (with variants) every crop code; returns items and codes.</summary>
    private static (long Items, long Codes) BuildHammingIndex(ItemCatalogue catalogue, string folder, bool variants, CancellationToken ct)
    {
        var codes = new List<ulong>();
        var ids = new List<long>();
        foreach (var item in catalogue.Enumerate())
        {
            ct.ThrowIfCancellationRequested();
            if (item.Pdq is null) continue;
            var hash = PdqHash.Parse(item.Pdq);
            codes.Add(hash.W0);
            codes.Add(hash.W1);
            codes.Add(hash.W2);
            codes.Add(hash.W3);
            ids.Add(item.Id);
        }
        var items = ids.Count;
        var cropFolder = Path.Combine(folder, IndexFiles.PdqCropShards);
        if (variants && Directory.Exists(cropFolder))
            foreach (var file in Directory.GetFiles(cropFolder, "crops-*.pqc").Order(StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                PdqCropShardFile.ReadInto(file, codes, ids);
            }
        var indexPath = Path.Combine(folder, IndexFiles.Pdq);
        var idsPath = Path.Combine(folder, IndexFiles.PdqIds);
        if (ids.Count == 0)
        {
            // No image bytes in the data set: no Hamming index (its tables alone would be megabytes).
            File.Delete(indexPath);
            File.Delete(idsPath);
            return (0, 0);
        }
        HammingIndex.Build(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(codes), indexPath);
        PdqIdMap.Write(idsPath, ids);
        return (items, ids.Count);
    }

    private static EmbeddingIndexInfo BuildVectorIndex(string folder, string kind, string file, EmbeddingIndexInfo info, VectorIndexOptions options, CancellationToken ct)
    {
        using var index = VectorIndex.Create(info.Dimension, options);
        var shards = Directory.Exists(Path.Combine(folder, IndexFiles.VectorShards))
            ? Directory.GetFiles(Path.Combine(folder, IndexFiles.VectorShards), $"{kind}-*.cvec").Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var shard in shards)
            foreach (var (ids, vectors) in VectorShardFile.Read(shard, info.Dimension))
            {
                ct.ThrowIfCancellationRequested();
                index.AddBatch(ids, vectors);
            }
        index.Save(Path.Combine(folder, file));
        return info with { Count = index.Count, File = file };
    }

    private static EmbeddingIndexInfo Describe(EncoderInfo info, string source, string? config) => new()
    {
        Encoder = info.Name,
        Space = info.Space,
        Dimension = info.Dimension,
        Source = source,
        Config = config is null ? null : Path.GetFullPath(config),
    };

    internal static IImageEncoder LoadImageEncoder(string? config) => config is null ? Encoders.DefaultImage() : Encoders.LoadImage(config);

    internal static ITextEncoder LoadTextEncoder(string? config) => config is null ? Encoders.DefaultText() : Encoders.LoadText(config);

    private sealed record StoredOptions(bool Pdq, bool EmbedImages, bool EmbedCaptions, string? ImageEncoder, string? TextEncoder, string PrecomputedSpace, bool Thumbnails, bool PdqVariants = false);

    private static void CheckOptions(ItemCatalogue catalogue, IndexBuildOptions options)
    {
        var wanted = JsonSerializer.Serialize(new StoredOptions(options.Pdq, options.EmbedImages, options.EmbedCaptions,
            options.ImageEncoderConfig is null ? null : Path.GetFullPath(options.ImageEncoderConfig),
            options.TextEncoderConfig is null ? null : Path.GetFullPath(options.TextEncoderConfig),
            options.PrecomputedSpace, options.Thumbnails, options.Pdq && options.PdqVariants));
        var stored = catalogue.GetMeta(OptionsKey);
        if (stored is null) catalogue.SetMeta(OptionsKey, wanted);
        else if (stored != wanted)
            throw new InvalidOperationException($"this index folder was built with other options ({stored}); resume with the same options ('candor index append' repeats them), or build into a new folder");
    }

    /// <summary>
    /// Adds the shards of <paramref name="datasetPath"/> (default: the data set the folder was built from) that the folder
    /// does not have yet, with the options of the first build, and rebuilds the indexes over everything.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder is not an index folder.</exception>
    public static IndexBuildReport Append(string folder, string? datasetPath = null, IProgress<IndexBuildProgress>? progress = null, CancellationToken ct = default)
    {
        var manifest = IndexManifest.Read(folder);
        StoredOptions? stored;
        using (var catalogue = ItemCatalogue.Open(Path.Combine(folder, IndexFiles.Catalogue)))
            stored = catalogue.GetMeta(OptionsKey) is { } json ? JsonSerializer.Deserialize<StoredOptions>(json) : null;
        if (stored is null) throw new CandorFormatException($"{folder}: the catalogue does not record the build options; build again into a new folder");
        var options = new IndexBuildOptions
        {
            Pdq = stored.Pdq,
            EmbedImages = stored.EmbedImages,
            EmbedCaptions = stored.EmbedCaptions,
            ImageEncoderConfig = stored.ImageEncoder,
            TextEncoderConfig = stored.TextEncoder,
            PrecomputedSpace = stored.PrecomputedSpace,
            Thumbnails = stored.Thumbnails,
            PdqVariants = stored.PdqVariants,
        };
        return Build(datasetPath ?? manifest.DatasetPath, folder, options, progress, ct);
    }

    private static FileStream TakeLock(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, ".build.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"another build is writing {folder} ({e.Message})", e);
        }
    }
}
