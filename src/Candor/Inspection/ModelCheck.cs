using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>Result of checking one claimed model hash against local files.</summary>
public sealed record ModelCheck(string Model, ModelRole Role, string? ClaimedHash, HashKind? Kind, ModelCheckStatus Status, string? LocalFile, string Detail);
