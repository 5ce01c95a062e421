namespace Candor.Provenance;

/// <summary>A hash as written in the image, with its kind (decided from the key that held it and its length).</summary>
public sealed record ClaimedHash(HashKind Kind, string Value, Evidence Evidence);
