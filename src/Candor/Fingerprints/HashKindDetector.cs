using Candor.Provenance;

namespace Candor.Fingerprints;

/// <summary>
/// Decides which algorithm a hash written in an image is, from the key that held it and the
/// value's shape. Knowledge is in <see cref="KeyRules"/> (key → kind per hex length) and
/// <see cref="ValueRules"/> (a prefix that names the algorithm).
/// </summary>
/// <remarks>
/// SwarmUI writes <c>"hash": "0x" + 64 hex</c> in <c>sui_models</c>: that is
/// <c>modelspec.hash_sha256</c>, SHA-256 of the safetensors data after the header (SwarmUI's
/// T2IModel hashes the stream positioned after the 8+N header bytes). It is the same value as
/// Civitai's AutoV3, so "0x" + 64 hex is classed <see cref="HashKind.AutoV3"/>.
/// </remarks>
public static class HashKindDetector
{
    private sealed record KeyRule(string KeyContains, (int Length, HashKind Kind)[] ByLength);

    // Keys are compared after lower-casing and dropping everything but letters and digits
    // ("Lora hashes" → "lorahashes"); the first rule whose text the key contains wins.
    private static readonly KeyRule[] KeyRules =
    [
        new("autov1", [(8, HashKind.AutoV1)]),
        new("autov2", [(10, HashKind.AutoV2)]),
        new("autov3", [(10, HashKind.AutoV3), (12, HashKind.AutoV3), (64, HashKind.AutoV3)]),
        new("sshslegacyhash", [(8, HashKind.AutoV1)]),
        new("sshsmodelhash", [(64, HashKind.AutoV3)]),
        new("modelspechashsha256", [(64, HashKind.AutoV3)]),
        new("blake3", [(64, HashKind.Blake3)]),
        new("crc32", [(8, HashKind.Crc32)]),
        new("lorahash", [(12, HashKind.Addnet), (10, HashKind.AutoV2), (64, HashKind.AutoV3)]),
        new("lycohash", [(12, HashKind.Addnet), (10, HashKind.AutoV2), (64, HashKind.AutoV3)]),
        new("tihash", [(12, HashKind.Sha256Prefix12), (10, HashKind.AutoV2), (64, HashKind.Sha256)]),
        new("embedhash", [(12, HashKind.Sha256Prefix12), (10, HashKind.AutoV2), (64, HashKind.Sha256)]),
        new("modelhash", [(10, HashKind.AutoV2), (8, HashKind.AutoV1), (64, HashKind.Sha256)]),
        new("vaehash", [(10, HashKind.AutoV2), (8, HashKind.AutoV1), (64, HashKind.Sha256)]),
        new("hypernethash", [(10, HashKind.AutoV2), (64, HashKind.Sha256)]),
        new("sha256", [(64, HashKind.Sha256), (10, HashKind.AutoV2), (12, HashKind.Sha256Prefix12)]),
        new("hash", [(10, HashKind.AutoV2), (64, HashKind.Sha256)]),
    ];

    // A prefix on the value that names the algorithm outright, with the hex length it carries.
    private static readonly (string Prefix, int Length, HashKind Kind)[] ValueRules =
    [
        ("blake3:", 64, HashKind.Blake3),
        ("sha256:", 64, HashKind.Sha256),
        ("0x", 64, HashKind.AutoV3),
    ];

    // Without a telling key: only lengths that mean one thing. 8 hex (AutoV1 or CRC-32) and
    // 12 hex (LoRA or TI) stay Unknown, which matching tries against every value.
    private static readonly (int Length, HashKind Kind)[] LengthRules =
    [
        (10, HashKind.AutoV2),
        (64, HashKind.Sha256),
    ];

    /// <summary>Which algorithm <paramref name="value"/>, found under <paramref name="key"/>, most likely is.</summary>
    public static HashKind Guess(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();

        foreach (var (prefix, length, kind) in ValueRules)
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return IsHex(trimmed.AsSpan(prefix.Length)) && trimmed.Length - prefix.Length == length ? kind : HashKind.Unknown;
        }

        if (!IsHex(trimmed)) return HashKind.Unknown;

        var normalizedKey = NormalizeKey(key);
        foreach (var rule in KeyRules)
        {
            if (!normalizedKey.Contains(rule.KeyContains, StringComparison.Ordinal)) continue;
            foreach (var (length, kind) in rule.ByLength)
                if (trimmed.Length == length) return kind;
            return HashKind.Unknown;
        }

        foreach (var (length, kind) in LengthRules)
            if (trimmed.Length == length) return kind;
        return HashKind.Unknown;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static string NormalizeKey(string key)
    {
        Span<char> buffer = key.Length <= 256 ? stackalloc char[key.Length] : new char[key.Length];
        var n = 0;
        foreach (var c in key)
            if (char.IsAsciiLetterOrDigit(c)) buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }
}
