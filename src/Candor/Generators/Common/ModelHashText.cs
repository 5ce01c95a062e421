using Candor.Provenance;

namespace Candor.Generators.Common;

/// <summary>
/// Decides which algorithm a written model hash is, from the key that held it and its length:
/// 8 hex = AutoV1, 10 hex = AutoV2, 12 hex = the caller's 12-hex kind (LoRA addnet or TI prefix),
/// 64 hex = full SHA-256, "0x" + 64 hex = SwarmUI's tensor-data SHA-256 (Civitai AutoV3 semantics),
/// "blake3:" + hex = BLAKE3.
/// </summary>
public static class ModelHashText
{
    /// <summary>Kind of <paramref name="hash"/>; <paramref name="twelveHex"/> is what a 12-hex value means for this key.</summary>
    public static HashKind Classify(string hash, HashKind twelveHex = HashKind.Unknown)
    {
        var h = hash.Trim();
        if (h.StartsWith("blake3:", StringComparison.OrdinalIgnoreCase)) return IsHex(h.AsSpan(7)) ? HashKind.Blake3 : HashKind.Unknown;
        if (h.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && h.Length == 66 && IsHex(h.AsSpan(2))) return HashKind.AutoV3;
        if (!IsHex(h)) return HashKind.Unknown;
        return h.Length switch
        {
            8 => HashKind.AutoV1,
            10 => HashKind.AutoV2,
            12 => twelveHex,
            64 => HashKind.Sha256,
            _ => HashKind.Unknown,
        };
    }

    /// <summary>True when every character is a hex digit (and there is at least one).</summary>
    public static bool IsHex(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
