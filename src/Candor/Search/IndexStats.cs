namespace Candor.Search;

/// <summary>What an index folder holds, for <c>candor index stats</c>.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Files">Each file of the folder with its size in bytes.</param>
/// <param name="ProblemSample">The first rows skipped while building, with reasons (shard, row, message).</param>
public sealed record IndexStats(IndexManifest Manifest, IReadOnlyList<(string Name, long Bytes)> Files, IReadOnlyList<(int Shard, long? Row, string Message)> ProblemSample)
{
    /// <summary>Bytes of all files together.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);
}
