using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.FileSystem;

namespace Candor.Search;

/// <summary>
/// <c>candor-index.json</c>, the description of an index folder: which data set (one folder = one data-set version),
/// what was indexed (PDQ, image and caption embeddings, by which encoders), the build options a resume must repeat,
/// and the counts. Written last by a build, so a folder with a manifest has consistent files.
/// </summary>
public sealed record IndexManifest
{
    /// <summary>The file name inside an index folder.</summary>
    public const string FileName = "candor-index.json";

    /// <summary>The schema id written and read.</summary>
    public const string CurrentSchema = "candor.index/1";

    /// <summary>Always <see cref="CurrentSchema"/>.</summary>
    [JsonPropertyName("schema")] public string Schema { get; init; } = CurrentSchema;

    /// <summary>The data set's name (its folder or file name).</summary>
    [JsonPropertyName("dataset")] public string Dataset { get; init; } = "";

    /// <summary>The data set's path as given to the build (absolute).</summary>
    [JsonPropertyName("datasetPath")] public string DatasetPath { get; init; } = "";

    /// <summary>When the folder was first built (UTC).</summary>
    [JsonPropertyName("created")] public string Created { get; init; } = "";

    /// <summary>When it was last built or appended to (UTC).</summary>
    [JsonPropertyName("updated")] public string Updated { get; init; } = "";

    /// <summary>Items in the catalogue.</summary>
    [JsonPropertyName("items")] public long Items { get; init; }

    /// <summary>Shards ingested.</summary>
    [JsonPropertyName("shards")] public int Shards { get; init; }

    /// <summary>Rows skipped with a reason (see <c>candor index stats</c>).</summary>
    [JsonPropertyName("problems")] public long Problems { get; init; }

    /// <summary>PDQ hashes were computed for items with image bytes.</summary>
    [JsonPropertyName("pdq")] public bool Pdq { get; init; }

    /// <summary>Items with a PDQ hash (the Hamming index's size).</summary>
    [JsonPropertyName("pdqItems")] public long PdqItems { get; init; }

    /// <summary>Each image's centre crops were indexed too (<see cref="Fingerprints.PdqVariants"/>), and queries are also turned and cut.</summary>
    [JsonPropertyName("pdqVariants")] public bool PdqVariants { get; init; }

    /// <summary>Codes in the Hamming index: <see cref="PdqItems"/>, plus the crop codes with <see cref="PdqVariants"/>.</summary>
    [JsonPropertyName("pdqCodes")] public long PdqCodes { get; init; }

    /// <summary>The image-embedding index, or null.</summary>
    [JsonPropertyName("image")] public EmbeddingIndexInfo? Image { get; init; }

    /// <summary>The caption-embedding index, or null.</summary>
    [JsonPropertyName("caption")] public EmbeddingIndexInfo? Caption { get; init; }

    /// <summary>Thumbnails were stored for items with image bytes.</summary>
    [JsonPropertyName("thumbnails")] public bool Thumbnails { get; init; }

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Reads the manifest of <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist or has no manifest.</exception>
    /// <exception cref="CandorFormatException">The manifest is not valid JSON or has another schema.</exception>
    public static IndexManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new DirectoryNotFoundException($"{folder} is not a Candor index folder (no {FileName}); build one with 'candor index build DATASET --out {folder}'");
        IndexManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<IndexManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new CandorFormatException($"{path}: not valid JSON ({e.Message})", block: FileName, inner: e);
        }
        if (manifest is null || manifest.Schema != CurrentSchema)
            throw new CandorFormatException($"{path}: schema '{manifest?.Schema}' is not {CurrentSchema}", block: FileName, kind: FormatErrorKind.Unsupported);
        return manifest;
    }

    /// <summary>True when <paramref name="folder"/> has a manifest.</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>Writes the manifest into <paramref name="folder"/> (temporary file, then rename).</summary>
    public void Write(string folder) => AtomicFile.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, Json));
}
