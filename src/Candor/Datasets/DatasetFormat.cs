namespace Candor.Datasets;

/// <summary>How the rows of a <see cref="DatasetShard"/> are stored.</summary>
public enum DatasetFormat
{
    /// <summary>Apache Parquet (LAION metadata, img2dataset's NNNNN.parquet); one row per record.</summary>
    Parquet,

    /// <summary>Comma-separated values with a header row, RFC 4180 quoting (optionally gzip-compressed).</summary>
    Csv,

    /// <summary>Tab-separated values with a header row, quoted like CSV (optionally gzip-compressed).</summary>
    Tsv,

    /// <summary>JSON Lines: one JSON object per line (optionally gzip-compressed).</summary>
    JsonLines,

    /// <summary>A WebDataset tar shard as img2dataset writes it: per key an image member, and optionally .json and .txt members.</summary>
    WebDataset,

    /// <summary>A folder of image files, searched recursively; a .txt file beside an image is its caption.</summary>
    ImageFolder,
}
