using Candor.Index;

namespace Candor.Search;

/// <summary>The names of the files inside an index folder.</summary>
internal static class IndexFiles
{
    public const string Catalogue = "catalogue.sqlite";
    public const string Pdq = "pdq.hmi";
    public const string PdqIds = "pdq-ids.bin";
    public const string ImageVectors = "image.usearch";
    public const string CaptionVectors = "caption.usearch";
    public const string ImageIvf = "image.ivf";
    public const string CaptionIvf = "caption.ivf";
    public const string VectorShards = "vectors";
    public const string PdqCropShards = "pdq-crops";

    /// <summary>Opens a vector index file of either kind, told apart by its first bytes.</summary>
    /// <exception cref="CandorFormatException">The file is damaged or of neither kind.</exception>
    public static IVectorSearch OpenVectors(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using (var stream = File.OpenRead(path)) head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        return IvfIndexFile.Sniff(head) ? IvfIndex.Open(path) : VectorIndex.Open(path);
    }

    public static string VectorShard(string folder, string kind, int shard) =>
        Path.Combine(folder, VectorShards, $"{kind}-{shard:D6}.cvec");

    public static string PdqCropShard(string folder, int shard) =>
        Path.Combine(folder, PdqCropShards, $"crops-{shard:D6}.pqc");
}
