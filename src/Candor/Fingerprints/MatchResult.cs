using Candor.Provenance;

namespace Candor.Fingerprints;

/// <summary>The result of <see cref="ModelLibrary.Match"/> for one model reference.</summary>
public sealed record MatchResult(ModelReference Reference, IReadOnlyList<HashCheck> Checks, IReadOnlyList<LocalModel> SameName);
