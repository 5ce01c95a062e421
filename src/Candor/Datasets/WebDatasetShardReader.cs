using System.Formats.Tar;
using System.Text;
using Candor.FileSystem;

namespace Candor.Datasets;

/// <summary>
/// Reads a WebDataset tar shard as img2dataset writes it: members named <c>KEY.EXT</c> (the key is the member path up
/// to the first dot of its file name), the members of one sample next to each other — typically <c>KEY.jpg</c>,
/// <c>KEY.json</c> (url, caption, key, width, height, original_width, sha256, status, exif …) and <c>KEY.txt</c>
/// (the caption). Each run of members with the same key is one record: the image member's bytes, the JSON object's
/// fields, the .txt as caption (over the JSON's). Members are read with System.Formats.Tar (ustar, pax, GNU).
/// </summary>
/// <remarks>
/// A member larger than 256 MiB is reported and its sample skipped; a .json member that is not an object is reported
/// and the sample kept without it. A tar that ends early (truncated, or a damaged header) reports the shard problem
/// through the exception <see cref="Dataset.Read"/> turns into one; the samples before it have been read.
/// </remarks>
internal static class WebDatasetShardReader
{
    private const long MaxMemberBytes = 256L << 20;
    private const int MaxCaptionBytes = 1 << 20;

    public static IEnumerable<DatasetRecord> Read(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        using var stream = RegularFile.OpenRead(shard.Path, FileOptions.SequentialScan);
        using var tar = new TarReader(stream, leaveOpen: true);
        var builder = new RecordBuilder(shard, onProblem);
        var members = new List<(string Extension, byte[]? Data)>();
        string? key = null;
        var oversized = false;
        long row = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var entry = tar.GetNextEntry();
            var (entryKey, extension) = entry is not null && IsFile(entry) ? SplitName(entry.Name) : (null, null);
            if (entry is not null && entryKey is null) continue;
            if (key is not null && (entry is null || entryKey != key))
            {
                if (oversized) onProblem(new DatasetProblem(shard.Path, row, $"sample '{key}' has a member larger than {MaxMemberBytes >> 20} MiB; skipped"));
                else yield return Build(builder, row, key, members);
                row++;
                members.Clear();
                oversized = false;
            }
            if (entry is null) yield break;
            key = entryKey;
            if (entry.Length > MaxMemberBytes)
            {
                oversized = true;
                continue;
            }
            members.Add((extension!, Wanted(extension!) ? ReadAll(entry) : null));
        }
    }

    private static DatasetRecord Build(RecordBuilder builder, long row, string key, List<(string Extension, byte[]? Data)> members)
    {
        builder.Begin(row);
        ReadOnlyMemory<byte> image = default;
        string? caption = null;
        foreach (var (extension, data) in members)
        {
            if (data is null) continue;
            if (extension.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                var error = JsonLinesShardReader.Fill(builder, data);
                if (error is not null) builder.Problem($"'{key}.json' is {error}; its fields are not read");
            }
            else if (extension.Equals("txt", StringComparison.OrdinalIgnoreCase) && data.Length <= MaxCaptionBytes)
                caption = Encoding.UTF8.GetString(data);
            else if (image.IsEmpty && IsImage(extension))
                image = data;
        }
        if (caption is not null) builder.SetCaption(caption);
        builder.SetImage(image);
        return builder.Build(key);
    }

    private static bool IsFile(TarEntry entry) => entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    /// <summary>WebDataset's split: "dir/0001.seg.jpg" → key "dir/0001", extension "seg.jpg". Null key for a name without one.</summary>
    internal static (string? Key, string? Extension) SplitName(string name)
    {
        var slash = name.LastIndexOf('/');
        var dot = name.IndexOf('.', slash + 1);
        if (dot <= slash + 1 || dot == name.Length - 1) return (null, null);
        return (name[..dot], name[(dot + 1)..]);
    }

    private static bool Wanted(string extension) =>
        extension.Equals("json", StringComparison.OrdinalIgnoreCase) || extension.Equals("txt", StringComparison.OrdinalIgnoreCase) || IsImage(extension);

    private static bool IsImage(string extension) => ImagePaths.ImageExtensions.Contains("." + extension);

    private static byte[] ReadAll(TarEntry entry)
    {
        var data = new byte[entry.Length];
        entry.DataStream?.ReadExactly(data);
        return data;
    }
}
