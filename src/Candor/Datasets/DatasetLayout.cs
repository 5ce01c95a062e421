using System.Globalization;
using System.Text.RegularExpressions;
using Candor.FileSystem;

namespace Candor.Datasets;

/// <summary>
/// Finds the shards of a data set from a path, recognising the layouts its tools write:
/// <list type="number">
/// <item>a single shard file (.parquet, .csv, .tsv, .jsonl, their .gz, .tar);</item>
/// <item>img2dataset output — <c>NNNNN.tar</c> (webdataset) beside <c>NNNNN.parquet</c> and <c>NNNNN_stats.json</c>:
/// the tars are the shards; with the "files" output format (folders of images, <c>_stats.json</c> at the top) the images are;</item>
/// <item>LAION / clip-retrieval — <c>metadata/metadata_N.parquet</c> beside <c>img_emb/img_emb_N.npy</c> and
/// <c>text_emb/text_emb_N.npy</c>: the metadata files are the shards, with their embeddings attached by N;</item>
/// <item>a folder of table files (Parquet, CSV, TSV, JSON Lines) at its top;</item>
/// <item>otherwise, searching the folder recursively: tars, else images (one image-folder shard), else table files.</item>
/// </list>
/// Shards are ordered with numbers compared by value (metadata_2 before metadata_10); hidden files are ignored.
/// </summary>
internal static partial class DatasetLayout
{
    /// <summary>The shards of the data set at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="CandorFormatException">Nothing there is a data set Candor reads (<see cref="FormatErrorKind.Unsupported"/>).</exception>
    public static List<DatasetShard> Find(string path, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            var format = ShardFiles.FormatOf(path) ?? throw new CandorFormatException(
                $"{path} is not a data set file Candor reads: expected .parquet, .csv, .tsv, .jsonl (or .gz of those), a webdataset .tar, or a folder",
                kind: FormatErrorKind.Unsupported);
            return Number([(path, format)]);
        }
        if (!Directory.Exists(path)) throw new FileNotFoundException($"no file or folder at {path}", path);

        var top = new FolderWalk(followLinks: false, skipHidden: true, ct).Files(path, file => true, recurse: false);
        var tars = top.Where(f => ShardFiles.FormatOf(f) == DatasetFormat.WebDataset).ToList();
        if (tars.Count > 0) return Number(tars.Select(f => (f, DatasetFormat.WebDataset)));

        var img2dataset = top.Any(f => f.EndsWith("_stats.json", StringComparison.OrdinalIgnoreCase));
        if (img2dataset && HasImages(path, ct)) return Number([(path, DatasetFormat.ImageFolder)]);

        var metadata = Directory.EnumerateDirectories(path).FirstOrDefault(d => Path.GetFileName(d).Equals("metadata", StringComparison.OrdinalIgnoreCase));
        if (metadata is not null && Tables(new FolderWalk(false, true, ct).Files(metadata, ShardFiles.IsTable, recurse: false)) is { Count: > 0 } laion)
            return laion;

        if (Tables(top.Where(ShardFiles.IsTable)) is { Count: > 0 } tables) return tables;

        var all = new FolderWalk(followLinks: false, skipHidden: true, ct).Files(path, f => ShardFiles.FormatOf(f) is not null || ImagePaths.IsImageName(f));
        tars = all.Where(f => ShardFiles.FormatOf(f) == DatasetFormat.WebDataset).ToList();
        if (tars.Count > 0) return Number(tars.Select(f => (f, DatasetFormat.WebDataset)));
        if (all.Any(ImagePaths.IsImageName)) return Number([(path, DatasetFormat.ImageFolder)]);
        if (Tables(all.Where(ShardFiles.IsTable)) is { Count: > 0 } nested) return nested;

        throw new CandorFormatException(
            $"no data set found in {path}: no .parquet, .csv, .tsv, .jsonl or webdataset .tar files and no images",
            kind: FormatErrorKind.Unsupported);
    }

    /// <summary>Table shards with the embedding files aligned to each attached.</summary>
    private static List<DatasetShard> Tables(IEnumerable<string> files)
    {
        var shards = Number(files.Select(f => (f, ShardFiles.FormatOf(f)!.Value)));
        var folders = new Dictionary<string, Dictionary<string, Dictionary<long, string>>>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            var shard = shards[i];
            var stem = Path.GetFileName(shard.Path);
            stem = stem[..stem.IndexOf('.', StringComparison.Ordinal)];
            if (TrailingNumber().Match(stem) is not { Success: true } m || !long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) continue;
            var folder = Path.GetDirectoryName(Path.GetFullPath(shard.Path))!;
            if (!folders.TryGetValue(folder, out var embeddings)) folders[folder] = embeddings = EmbeddingFiles(folder);
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (kind, byNumber) in embeddings)
                if (byNumber.TryGetValue(n, out var npy)) found[kind] = npy;
            if (found.Count > 0) shards[i] = shard with { EmbeddingPaths = found };
        }
        return shards;
    }

    /// <summary>
    /// The .npy files of LAION's layout for a table folder: <c>img_emb/img_emb_N.npy</c> ("image") and
    /// <c>text_emb/text_emb_N.npy</c> ("text") beside the folder (when it is <c>metadata/</c>) or inside it, by N.
    /// </summary>
    private static Dictionary<string, Dictionary<long, string>> EmbeddingFiles(string folder)
    {
        var result = new Dictionary<string, Dictionary<long, string>>(StringComparer.Ordinal);
        foreach (var (kind, name) in new[] { ("image", "img_emb"), ("text", "text_emb") })
        {
            var byNumber = new Dictionary<long, string>();
            foreach (var root in new[] { Path.GetDirectoryName(folder), folder })
            {
                var dir = root is null ? null : Path.Combine(root, name);
                if (dir is null || !Directory.Exists(dir) || byNumber.Count > 0) continue;
                foreach (var file in Directory.EnumerateFiles(dir, name + "_*.npy"))
                {
                    var number = Path.GetFileNameWithoutExtension(file)[(name.Length + 1)..];
                    if (number.Length > 0 && number.All(char.IsAsciiDigit) && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        byNumber.TryAdd(n, file);
                }
            }
            if (byNumber.Count > 0) result[kind] = byNumber;
        }
        return result;
    }

    /// <summary>True when a folder directly inside <paramref name="path"/> holds an image (img2dataset's "files" output: 00000/000000000.jpg).</summary>
    private static bool HasImages(string path, CancellationToken ct)
    {
        foreach (var folder in Directory.EnumerateDirectories(path))
        {
            ct.ThrowIfCancellationRequested();
            if (!Path.GetFileName(folder).StartsWith('.') && Directory.EnumerateFiles(folder).Any(ImagePaths.IsImageName)) return true;
        }
        return false;
    }

    private static List<DatasetShard> Number(IEnumerable<(string Path, DatasetFormat Format)> files) =>
        files.OrderBy(f => f.Path, Comparer<string>.Create(ShardFiles.CompareNatural))
            .Select((f, i) => new DatasetShard(f.Path, f.Format, i)).ToList();

    [GeneratedRegex("[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNumber();
}
