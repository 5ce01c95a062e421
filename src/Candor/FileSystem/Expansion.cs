namespace Candor.FileSystem;

/// <summary>Result of <see cref="ImagePaths.Expand(IEnumerable{string}, bool, CancellationToken)"/>.</summary>
public sealed record Expansion(IReadOnlyList<string> Files, IReadOnlyList<string> Missing)
{
    /// <summary>What the folder searches skipped or could not read, each path once, in the order met.</summary>
    public IReadOnlyList<PathProblem> Problems { get; init; } = [];
}
