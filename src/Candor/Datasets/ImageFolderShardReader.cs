using System.Text;
using Candor.FileSystem;

namespace Candor.Datasets;

/// <summary>
/// Reads a folder of images as a data set: every file with an image extension under it (recursively; hidden entries
/// and links leading outside are skipped, as <see cref="ImagePaths"/> does), in ordinal path order. The key is the path
/// relative to the folder with '/' separators; a .txt file with the same name beside the image (img2dataset's files
/// layout, and most captioned folders) is the caption, and a .json beside it adds its fields. The image's bytes are
/// not read: <see cref="DatasetRecord.ImagePath"/> names the file.
/// </summary>
internal static class ImageFolderShardReader
{
    private const long MaxSidecarBytes = 1 << 20;

    public static IEnumerable<DatasetRecord> Read(DatasetShard shard, Action<DatasetProblem> onProblem, CancellationToken ct)
    {
        var walk = new FolderWalk(followLinks: false, skipHidden: true, ct);
        var files = walk.Files(shard.Path, ImagePaths.IsImageName);
        foreach (var problem in walk.Problems) onProblem(new DatasetProblem(problem.Path, null, problem.Message));
        var builder = new RecordBuilder(shard, onProblem);
        for (var row = 0; row < files.Count; row++)
        {
            ct.ThrowIfCancellationRequested();
            var file = files[row];
            builder.Begin(row);
            var json = Sidecar(file, ".json", builder);
            if (json is not null && JsonLinesShardReader.Fill(builder, json) is { } error)
                builder.Problem($"{Path.GetFileName(Path.ChangeExtension(file, ".json"))} is {error}; its fields are not read");
            if (Sidecar(file, ".txt", builder) is { } caption) builder.SetCaption(Encoding.UTF8.GetString(caption).TrimEnd('\r', '\n'));
            yield return builder.Build(Path.GetRelativePath(shard.Path, file).Replace('\\', '/'), imagePath: file);
        }
    }

    /// <summary>The bytes of the file beside <paramref name="image"/> with <paramref name="extension"/>, or null when there is none (or it is too large, reported).</summary>
    private static byte[]? Sidecar(string image, string extension, RecordBuilder builder)
    {
        var path = Path.ChangeExtension(image, extension);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if (info.Length > MaxSidecarBytes)
            {
                builder.Problem($"{info.Name} is larger than {MaxSidecarBytes >> 20} MiB; not read");
                return null;
            }
            return RegularFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            builder.Problem($"{Path.GetFileName(path)} cannot be read: {e.Message}");
            return null;
        }
    }
}
