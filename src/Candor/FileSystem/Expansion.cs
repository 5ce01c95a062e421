namespace Candor.FileSystem;

/// <summary>Result of <see cref="ImagePaths.Expand"/>.</summary>
public sealed record Expansion(IReadOnlyList<string> Files, IReadOnlyList<string> Missing);
