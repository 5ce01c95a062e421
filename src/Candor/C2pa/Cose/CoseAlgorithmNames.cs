namespace Candor.C2pa.Cose;

/// <summary>
/// The short names people type for COSE signature algorithms ("es256", "ps512", "ed25519"),
/// as the command line, the benchmarks and the tests take them.
/// </summary>
public static class CoseAlgorithmNames
{
    private static readonly Dictionary<string, CoseAlgorithm> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["es256"] = CoseAlgorithm.Es256,
        ["es384"] = CoseAlgorithm.Es384,
        ["es512"] = CoseAlgorithm.Es512,
        ["ps256"] = CoseAlgorithm.Ps256,
        ["ps384"] = CoseAlgorithm.Ps384,
        ["ps512"] = CoseAlgorithm.Ps512,
        ["ed25519"] = CoseAlgorithm.EdDsa,
        ["eddsa"] = CoseAlgorithm.EdDsa,
    };

    /// <summary>The accepted names, for help texts and error messages.</summary>
    public const string Accepted = "es256, es384, es512, ps256, ps384, ps512, ed25519";

    /// <summary>The algorithm a short name (case-insensitive) stands for.</summary>
    public static bool TryParse(string? name, out CoseAlgorithm algorithm) => ByName.TryGetValue(name ?? "", out algorithm);

    /// <summary>The algorithm a short name stands for; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static CoseAlgorithm Parse(string name) =>
        TryParse(name, out var algorithm) ? algorithm : throw new ArgumentException($"unknown algorithm '{name}' ({Accepted})", nameof(name));
}
