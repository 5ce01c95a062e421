using System.Security.Cryptography;

namespace Candor.C2pa.Validation;

/// <summary>The hash algorithm names C2PA uses (§13.1) and the .NET algorithms behind them.</summary>
internal static class C2paHashAlgorithms
{
    private static readonly Dictionary<string, HashAlgorithmName> Names = new(StringComparer.Ordinal)
    {
        ["sha256"] = HashAlgorithmName.SHA256,
        ["sha384"] = HashAlgorithmName.SHA384,
        ["sha512"] = HashAlgorithmName.SHA512,
    };

    /// <summary>The algorithm for a C2PA name; false for a missing or unsupported one.</summary>
    public static bool TryGet(string? name, out HashAlgorithmName algorithm)
    {
        algorithm = default;
        return name is not null && Names.TryGetValue(name, out algorithm);
    }

    /// <summary>The hash of <paramref name="data"/>.</summary>
    public static byte[] Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}
