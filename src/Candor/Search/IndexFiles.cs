namespace Candor.Search;

/// <summary>The names of the files inside an index folder.</summary>
internal static class IndexFiles
{
    public const string Catalogue = "catalogue.sqlite";
    public const string Pdq = "pdq.hmi";
    public const string PdqIds = "pdq-ids.bin";
    public const string ImageVectors = "image.usearch";
    public const string CaptionVectors = "caption.usearch";
    public const string VectorShards = "vectors";
    public const string PdqCropShards = "pdq-crops";

    public static string VectorShard(string folder, string kind, int shard) =>
        Path.Combine(folder, VectorShards, $"{kind}-{shard:D6}.cvec");

    public static string PdqCropShard(string folder, int shard) =>
        Path.Combine(folder, PdqCropShards, $"crops-{shard:D6}.pqc");
}
