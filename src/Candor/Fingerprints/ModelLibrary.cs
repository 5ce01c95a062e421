using System.Text.RegularExpressions;
using Candor.FileSystem;
using Candor.Provenance;

namespace Candor.Fingerprints;

/// <summary>
/// The model files in a local folder (searched recursively) with their hashes, so the models an
/// image claims can be checked against what is on disk. Hashes come from a <see cref="HashCache"/>
/// when the file is unchanged; otherwise files are hashed in parallel with a bounded degree.
/// </summary>
public sealed partial class ModelLibrary
{
    /// <summary>File extensions indexed as model files (compared case-insensitively).</summary>
    public static readonly IReadOnlySet<string> ModelExtensions =
        new HashSet<string>([".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft"], StringComparer.OrdinalIgnoreCase);

    private readonly List<LocalModel> _models;

    private ModelLibrary(List<LocalModel> models, int hashesComputed)
    {
        _models = models;
        HashesComputed = hashesComputed;
    }

    /// <summary>The indexed files, in path order.</summary>
    public IReadOnlyList<LocalModel> Models => _models;

    /// <summary>How many files had to be read and hashed (the others came from the cache).</summary>
    public int HashesComputed { get; }

    /// <summary>
    /// Indexes every model file under <paramref name="folder"/>, taking unchanged files' hashes
    /// from <paramref name="cache"/>, and saves the cache when done. Files that cannot be read
    /// are left out and listed in <see cref="Skipped"/>, as are symbolic links not followed (all are followed with
    /// <paramref name="followLinks"/>; no folder is searched twice).
    /// </summary>
    public static ModelLibrary Index(string folder, HashCache cache, int maxDegreeOfParallelism = 2, CancellationToken ct = default, bool followLinks = false)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        var walk = new FolderWalk(followLinks, skipHidden: false, ct);
        var files = walk.Files(folder, f => ModelExtensions.Contains(Path.GetExtension(f)))
            .Select(Path.GetFullPath)
            .ToList();

        var results = new LocalModel?[files.Count];
        var skipped = new System.Collections.Concurrent.ConcurrentBag<string>(walk.Problems.Select(p => $"{p.Path}: {p.Message}"));
        var computed = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct }, i =>
        {
            var file = new FileInfo(files[i]);
            try
            {
                if (!cache.TryGet(file, out var hashes))
                {
                    hashes = ModelHashes.Compute(file.FullName, null, ct);
                    file.Refresh();
                    cache.Set(file, hashes);
                    Interlocked.Increment(ref computed);
                }

                results[i] = new LocalModel(file.FullName, hashes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{file.FullName}: {e.Message}");
            }
        });

        cache.Save();
        return new ModelLibrary(results.OfType<LocalModel>().ToList(), computed) { Skipped = skipped.Order(StringComparer.Ordinal).ToList() };
    }

    /// <summary>Files that could not be read while indexing, with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; private init; } = [];

    /// <summary>
    /// Checks each hash <paramref name="reference"/> claims: <see cref="HashVerdict.Match"/> when a
    /// local file has it; <see cref="HashVerdict.Mismatch"/> when no file has it but a file with the
    /// same name does (the message says which hash that file has, and which other file, if any,
    /// carries the claimed one); <see cref="HashVerdict.Unknown"/> otherwise.
    /// </summary>
    public MatchResult Match(ModelReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var stem = NameStem(reference.Name);
        var sameName = stem.Length == 0
            ? []
            : _models.Where(m => string.Equals(NameStem(Path.GetFileName(m.Path)), stem, StringComparison.OrdinalIgnoreCase)).ToList();

        var verdicts = new List<HashCheck>();
        foreach (var claim in reference.Hashes)
        {
            var holders = _models.Where(m => m.Hashes.Matches(claim)).ToList();
            var sameNameHolder = sameName.FirstOrDefault(m => m.Hashes.Matches(claim));
            var kind = KindName(claim.Kind);
            if (sameNameHolder is not null || (sameName.Count == 0 && holders.Count > 0))
            {
                var file = sameNameHolder ?? holders[0];
                verdicts.Add(new HashCheck(claim, HashVerdict.Match, file, sameName.FirstOrDefault(),
                    $"{kind} {claim.Value} matches {file.Path} ({file.Hashes.MatchedBy(claim)})"));
            }
            else if (sameName.Count > 0)
            {
                var local = sameName[0];
                var localValue = local.Hashes.ValueFor(claim.Kind);
                var has = localValue is null ? $"no {kind}" : $"{kind} {localValue}";
                var other = holders.FirstOrDefault();
                var elsewhere = other is null ? "" : $"; the claimed hash belongs to {other.Path}";
                verdicts.Add(new HashCheck(claim, HashVerdict.Mismatch, other, local,
                    $"{kind} {claim.Value} was claimed, but local {local.Path} has {has}{elsewhere}"));
            }
            else
            {
                verdicts.Add(new HashCheck(claim, HashVerdict.Unknown, null, null,
                    $"no local model has {kind} {claim.Value} and none is named '{stem}'"));
            }
        }

        return new MatchResult(reference, verdicts, sameName);
    }

    /// <summary>
    /// The part of a model name that identifies it: the file name without folders, without a model
    /// extension and without a trailing " [hash]" or "(hash)" ("sd_xl_base_1.0 [31e35c80fc]" → "sd_xl_base_1.0").
    /// </summary>
    public static string NameStem(string name)
    {
        var s = name.Trim();
        var slash = s.LastIndexOfAny(['/', '\\']);
        if (slash >= 0) s = s[(slash + 1)..];
        s = TrailingHash().Replace(s, "");
        var extension = Path.GetExtension(s);
        if (extension.Length > 0 && ModelExtensions.Contains(extension)) s = s[..^extension.Length];
        return TrailingHash().Replace(s, "").Trim();
    }

    private static string KindName(HashKind kind) => kind switch
    {
        HashKind.Sha256Prefix12 => "SHA-256 (12)",
        HashKind.Sha256 => "SHA-256",
        HashKind.Crc32 => "CRC-32",
        HashKind.Blake3 => "BLAKE3",
        HashKind.Unknown => "hash",
        _ => kind.ToString(),
    };

    [GeneratedRegex(@"\s*(\[[0-9A-Fa-f]{6,64}\]|\([0-9A-Fa-f]{6,64}\))\s*$")]
    private static partial Regex TrailingHash();
}
