using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Fingerprints;

/// <summary>
/// Remembers model-file hashes between runs in one JSON file, keyed by full path and valid only
/// while the file's size and modification time are unchanged. Default location:
/// <c>$XDG_CACHE_HOME/candor/model-hashes.json</c>, else <c>~/.cache/candor/model-hashes.json</c>.
/// A cache file that cannot be read is ignored (see <see cref="Warnings"/>) and rewritten on the
/// next <see cref="Save"/>. Saving writes a temporary file next to it and renames it over the old one.
/// Safe for concurrent use.
/// </summary>
public sealed class HashCache
{
    private const int FormatVersion = 1;
    private const long MaxCacheFileBytes = 256L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly Lock _saveLock = new();
    private bool _dirty;

    /// <summary>Opens (or starts) the cache stored at <paramref name="path"/>, or at <see cref="DefaultPath"/> when null.</summary>
    public HashCache(string? path = null)
    {
        Path = System.IO.Path.GetFullPath(path ?? DefaultPath);
        Load();
    }

    /// <summary>Where the cache lives unless told otherwise.</summary>
    public static string DefaultPath
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(root) || !System.IO.Path.IsPathRooted(root))
                root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return System.IO.Path.Combine(root, "candor", "model-hashes.json");
        }
    }

    /// <summary>Full path of the cache file.</summary>
    public string Path { get; }

    /// <summary>Problems met reading the cache file (it was then ignored).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Number of cached files.</summary>
    public int Count => _entries.Count;

    /// <summary>The cached hashes of <paramref name="file"/> if its size and modification time still match.</summary>
    public bool TryGet(FileInfo file, out ModelHashSet hashes)
    {
        if (_entries.TryGetValue(file.FullName, out var entry)
            && entry.Size == file.Length
            && entry.ModifiedTicks == file.LastWriteTimeUtc.Ticks
            && entry.Hashes.Size == file.Length)
        {
            hashes = entry.Hashes;
            return true;
        }

        hashes = null!;
        return false;
    }

    /// <summary>Records the hashes of <paramref name="file"/> as it is now.</summary>
    public void Set(FileInfo file, ModelHashSet hashes)
    {
        _entries[file.FullName] = new Entry(file.Length, file.LastWriteTimeUtc.Ticks, hashes);
        _dirty = true;
    }

    /// <summary>Writes the cache if anything changed: to a temporary file, then renamed over the cache file.</summary>
    public void Save()
    {
        lock (_saveLock)
        {
            if (!_dirty) return;
            var directory = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(directory);
            var document = new CacheDocument
            {
                Version = FormatVersion,
                Files = _entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            };
            var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    JsonSerializer.Serialize(stream, document, JsonOptions);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, Path, overwrite: true);
                _dirty = false;
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }

    private void Load()
    {
        var file = new FileInfo(Path);
        if (!file.Exists) return;
        if (file.Length > MaxCacheFileBytes)
        {
            _warnings.Add($"hash cache {Path} is larger than {MaxCacheFileBytes} bytes; ignored, it will be rebuilt");
            return;
        }

        try
        {
            CacheDocument? document;
            using (var stream = file.OpenRead())
                document = JsonSerializer.Deserialize<CacheDocument>(stream, JsonOptions);
            if (document is null || document.Version != FormatVersion || document.Files is null)
            {
                _warnings.Add($"hash cache {Path} has an unknown format; ignored, it will be rebuilt");
                return;
            }

            foreach (var (path, entry) in document.Files)
            {
                if (entry?.Hashes is { Sha256.Length: 64, Blake3.Length: 64, Crc32.Length: 8 })
                    _entries[path] = entry;
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _entries.Clear();
            _warnings.Add($"hash cache {Path} could not be read ({e.Message}); ignored, it will be rebuilt");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = false,
        MaxDepth = 16,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed class CacheDocument
    {
        public int Version { get; init; }
        public Dictionary<string, Entry>? Files { get; init; }
    }

    private sealed record Entry(long Size, long ModifiedTicks, ModelHashSet Hashes);
}
