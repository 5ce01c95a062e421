using Candor.Consent;

namespace Candor.Curation;

/// <summary>How <see cref="ConsentFilter"/> decides and batches.</summary>
public sealed record ConsentFilterOptions
{
    /// <summary>The use the data set is being filtered for (default <see cref="ConsentUse.AiTraining"/>).</summary>
    public ConsentUse Use { get; init; } = ConsentUse.AiTraining;

    /// <summary>Items per call to each lookup, 1 to 10,000 (the bulk-check limit); default 10,000.</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>
    /// Signals read from the image bytes of WebDataset samples (IPTC PLUS Data Mining, C2PA training-mining, and the
    /// "do not train" watermark when <see cref="EmbeddedSignalReader.Watermark"/> is on); null reads none.
    /// Default: metadata only (the watermark needs a pixel decode per image and is off).
    /// </summary>
    public EmbeddedSignalReader? Embedded { get; init; } = new();

    /// <summary>Sample items kept in the audit for each reason, 0 to 100; default 5.</summary>
    public int SamplesPerReason { get; init; } = 5;

    /// <summary>Distinct reasons the audit counts separately; further ones are counted together as "other reasons". Default 1,000.</summary>
    public int MaxReasons { get; init; } = 1_000;

    /// <summary>
    /// Parquet shards go through the page-level filter (<see cref="ParquetPageFilter"/>) when their layout allows;
    /// false always takes the Parquet.Net path (tests and benchmarks compare the two).
    /// </summary>
    internal bool ParquetPages { get; init; } = true;
}
