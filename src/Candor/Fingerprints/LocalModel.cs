namespace Candor.Fingerprints;

/// <summary>A model file found on disk, with its hashes.</summary>
public sealed record LocalModel(string Path, ModelHashSet Hashes);
