using System.Text.Json.Serialization;
using Candor.Provenance;

namespace Candor.Fingerprints;

/// <summary>
/// Every hash by which tools name one model file, computed in one read pass by
/// <see cref="ModelHashes.Compute(Stream, IProgress{long}?, CancellationToken)"/>. Hex values are lower case.
/// </summary>
public sealed class ModelHashSet
{
    /// <summary>File length in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 of the whole file (64 hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>
    /// A1111's pre-2023 hash: first 8 hex of SHA-256 over the 64 KiB at offset 1 MiB (fewer bytes
    /// when the file ends inside that window, as A1111 reads them). Null for files of 1 MiB or
    /// less, where A1111 would hash nothing at all; Civitai lists it only from 2 MiB on.
    /// </summary>
    public string? AutoV1 { get; init; }

    /// <summary>BLAKE3 of the whole file (64 hex).</summary>
    public required string Blake3 { get; init; }

    /// <summary>CRC-32 of the whole file, in the usual order (8 hex, most significant byte first).</summary>
    public required string Crc32 { get; init; }

    /// <summary>True when the file is laid out as safetensors (length prefix, JSON object header, data after it).</summary>
    public bool IsSafetensors { get; init; }

    /// <summary>SHA-256 of the safetensors data after the header (64 hex); null when not safetensors.</summary>
    public string? TensorSha256 { get; init; }

    /// <summary>
    /// Hash-like entries of the safetensors <c>__metadata__</c>, as the file states them about
    /// itself: <c>sshs_model_hash</c>, <c>sshs_legacy_hash</c> and every <c>modelspec.*</c> key.
    /// </summary>
    public IReadOnlyDictionary<string, string> EmbeddedMetadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the safetensors header could not be read (too large, not JSON); null when it was read or the file is not safetensors.</summary>
    public string? HeaderProblem { get; init; }

    /// <summary>A1111 "Model hash" (and VAE, hypernetwork hashes): first 10 hex of <see cref="Sha256"/>.</summary>
    [JsonIgnore]
    public string AutoV2 => Sha256[..10];

    /// <summary>A1111 "TI hashes": first 12 hex of <see cref="Sha256"/>.</summary>
    [JsonIgnore]
    public string Sha256Prefix12 => Sha256[..12];

    /// <summary>LoRA "addnet" hash: first 12 hex of <see cref="TensorSha256"/>.</summary>
    [JsonIgnore]
    public string? Addnet => TensorSha256?[..12];

    /// <summary>Civitai AutoV3: <see cref="TensorSha256"/> (Civitai prints it in upper case).</summary>
    [JsonIgnore]
    public string? AutoV3 => TensorSha256;

    /// <summary>The CRC as Civitai prints it: the four bytes least significant first, upper case ("85114A0D" for "hello world", CRC 0x0D4A1185).</summary>
    public string FormatCrc32Civitai() => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(Convert.ToUInt32(Crc32, 16)).ToString("X8");

    /// <summary>This file's value in the form a hash of <paramref name="kind"/> is written; null when it has none.</summary>
    public string? ValueFor(HashKind kind) => kind switch
    {
        HashKind.AutoV1 => AutoV1,
        HashKind.AutoV2 => AutoV2,
        HashKind.Addnet => Addnet,
        HashKind.AutoV3 => AutoV3,
        HashKind.Sha256 => Sha256,
        HashKind.Blake3 => Blake3,
        HashKind.Crc32 => Crc32,
        HashKind.Sha256Prefix12 => Sha256Prefix12,
        _ => null,
    };

    /// <summary>True when <paramref name="claimed"/> names this file (see <see cref="MatchedBy"/>).</summary>
    public bool Matches(ClaimedHash claimed) => MatchedBy(claimed) is not null;

    /// <summary>
    /// Which of this file's values the claimed hash agrees with ("SHA-256", "tensor-data SHA-256",
    /// "sshs_model_hash metadata", ...), or null. The claim is compared case-insensitively after
    /// dropping a "0x", "blake3:" or "sha256:" prefix, as a prefix of the value its kind refers to
    /// and at least as long as that kind is written. LoRA and AutoV3 claims also accept the hash
    /// the file's own metadata states, because A1111 and Civitai copy that value; the answer
    /// names it so a caller can weigh it lower than a computed one. <see cref="HashKind.Unknown"/>
    /// claims are tried against every value.
    /// </summary>
    public string? MatchedBy(ClaimedHash claimed)
    {
        var value = NormalizeHex(claimed.Value);
        if (value is null) return null;
        var rules = claimed.Kind == HashKind.Unknown ? AllRules : Rules.GetValueOrDefault(claimed.Kind, []);
        foreach (var rule in rules)
        {
            var candidate = rule.Value(this);
            if (candidate is null) continue;
            candidate = NormalizeHex(candidate);
            if (candidate is null) continue;
            if (value.Length >= rule.MinLength && value.Length <= candidate.Length
                && candidate.StartsWith(value, StringComparison.Ordinal))
                return rule.Name;
        }

        return null;
    }

    /// <summary>Lower-case hex without a "0x"/"blake3:"/"sha256:" prefix; null when not hex.</summary>
    internal static string? NormalizeHex(string text)
    {
        var span = text.AsSpan().Trim();
        foreach (var prefix in HexPrefixes)
        {
            if (span.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                span = span[prefix.Length..];
                break;
            }
        }

        if (span.IsEmpty) return null;
        foreach (var c in span)
            if (!char.IsAsciiHexDigit(c)) return null;
        return span.ToString().ToLowerInvariant();
    }

    private static readonly string[] HexPrefixes = ["blake3:", "sha256:", "0x"];

    private sealed record MatchRule(string Name, Func<ModelHashSet, string?> Value, int MinLength);

    private static string? Embedded(ModelHashSet h, string key) => h.EmbeddedMetadata.GetValueOrDefault(key);

    // Which value a claim of each kind is compared with, and how many hex digits it must have.
    private static readonly Dictionary<HashKind, MatchRule[]> Rules = new()
    {
        [HashKind.AutoV1] = [new("AutoV1", h => h.AutoV1, 8), new("sshs_legacy_hash metadata", h => Embedded(h, "sshs_legacy_hash"), 8)],
        [HashKind.AutoV2] = [new("SHA-256", h => h.Sha256, 10)],
        [HashKind.Addnet] = [new("tensor-data SHA-256", h => h.TensorSha256, 12), new("sshs_model_hash metadata", h => Embedded(h, "sshs_model_hash"), 12)],
        [HashKind.AutoV3] =
        [
            new("tensor-data SHA-256", h => h.TensorSha256, 10),
            new("sshs_model_hash metadata", h => Embedded(h, "sshs_model_hash"), 10),
            new("modelspec.hash_sha256 metadata", h => Embedded(h, "modelspec.hash_sha256"), 10),
        ],
        [HashKind.Sha256] = [new("SHA-256", h => h.Sha256, 64)],
        [HashKind.Blake3] = [new("BLAKE3", h => h.Blake3, 16)],
        [HashKind.Crc32] = [new("CRC-32", h => h.Crc32, 8), new("CRC-32 (Civitai order)", h => h.FormatCrc32Civitai(), 8)],
        [HashKind.Sha256Prefix12] = [new("SHA-256", h => h.Sha256, 12)],
    };

    private static readonly MatchRule[] AllRules =
        Rules.Values.SelectMany(r => r).Select(r => r with { MinLength = Math.Min(r.MinLength, 8) }).DistinctBy(r => r.Name).ToArray();

    /// <summary>
    /// Every hash under the names people search for, in display order: AutoV1, AutoV2, AutoV3,
    /// the LoRA (addnet) hash, SHA-256, CRC32 (plain and as Civitai prints it) and BLAKE3; null
    /// where a hash does not apply (AutoV1 of a file under 1 MiB, addnet/AutoV3 of a non-safetensors file).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Named() =>
    [
        new("autoV1", AutoV1),
        new("autoV2", AutoV2),
        new("autoV3", AutoV3?.ToUpperInvariant()),
        new("addnet", Addnet),
        new("sha256", Sha256),
        new("crc32", Crc32),
        new("crc32Civitai", FormatCrc32Civitai()),
        new("blake3", Blake3),
    ];

    /// <summary>
    /// Writes this set as the one JSON object <c>candor hash --json</c> prints per file:
    /// <c>{file, size, safetensors, autoV1, autoV2, autoV3, addnet, sha256, crc32, crc32Civitai, blake3}</c>,
    /// null where a hash does not apply.
    /// </summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer, string file)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("file", file);
        writer.WriteNumber("size", Size);
        writer.WriteBoolean("safetensors", IsSafetensors);
        foreach (var (name, value) in Named())
        {
            if (value is null) writer.WriteNull(name);
            else writer.WriteString(name, value);
        }
        writer.WriteEndObject();
    }
}
