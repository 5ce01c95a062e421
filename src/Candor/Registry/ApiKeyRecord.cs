namespace Candor.Registry;

/// <summary>
/// What a store keeps of an API key: never the key, only its public prefix (to find the row) and the SHA-256 of the
/// whole key (compared in constant time).
/// </summary>
/// <param name="OwnerId">The owner the key belongs to (also written inside the key, so a lookup needs no scan).</param>
/// <param name="Prefix">The key's public prefix: eight characters of its random part.</param>
/// <param name="Hash">SHA-256 of the whole key text.</param>
/// <param name="CreatedAt">When the key was made.</param>
public sealed record ApiKeyRecord(long OwnerId, string Prefix, byte[] Hash, DateTimeOffset CreatedAt);
