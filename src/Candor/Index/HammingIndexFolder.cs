using System.Globalization;

namespace Candor.Index;

/// <summary>
/// A folder of Hamming index files (segments) searched as one index: the way to add codes to an index without
/// rewriting it. Each <see cref="Append"/> writes one new immutable segment, <c>hamming-NNNNNN.chi</c>, whose ids
/// continue where the folder's ids end; a search asks every segment and merges the results.
/// </summary>
/// <remarks>
/// Every segment costs a full set of bucket probes, so a folder of many small segments searches more slowly than
/// one file of the same codes; rebuilding all codes into one file with <see cref="HammingIndex.Build(ReadOnlySpan{ulong}, string)"/>
/// is the compaction. A segment is written to a temporary file and renamed, so an interrupted append leaves the
/// folder as it was.
/// </remarks>
public sealed class HammingIndexFolder : IDisposable
{
    /// <summary>The file name pattern of segments.</summary>
    public const string SegmentPattern = "hamming-*.chi";

    private readonly List<HammingIndex> _segments;

    private HammingIndexFolder(string folder, List<HammingIndex> segments)
    {
        Folder = folder;
        _segments = segments;
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The segments, in id order.</summary>
    public IReadOnlyList<HammingIndex> Segments => _segments;

    /// <summary>The number of codes in all segments; ids run from 0 to <see cref="Count"/> − 1.</summary>
    public long Count => _segments.Count == 0 ? 0 : _segments[^1].FirstId + _segments[^1].Count;

    /// <summary>Opens every segment in <paramref name="folder"/> (creating the folder when it does not exist).</summary>
    /// <exception cref="CandorFormatException">A segment is damaged, or the segments' ids leave a gap or overlap.</exception>
    public static HammingIndexFolder Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var segments = new List<HammingIndex>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(full, SegmentPattern).Order(StringComparer.Ordinal))
                segments.Add(HammingIndex.Open(file));
            segments.Sort((a, b) => a.FirstId.CompareTo(b.FirstId));
            long next = 0;
            foreach (var s in segments)
            {
                if (s.FirstId != next)
                    throw new CandorFormatException($"{s.Path}: its ids start at {s.FirstId}, but the segments before it end at {next - 1} (a segment is missing or left over)", 24, "Hamming index header");
                next += s.Count;
            }
            return new HammingIndexFolder(full, segments);
        }
        catch
        {
            foreach (var s in segments) s.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="codes"/> (four words per code) as a new segment with ids from <see cref="Count"/> on, and opens it.</summary>
    /// <returns>The id of the first appended code.</returns>
    public long Append(ReadOnlySpan<ulong> codes)
    {
        var firstId = Count;
        var path = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"hamming-{_segments.Count + 1:D6}.chi"));
        if (File.Exists(path)) throw new IOException($"cannot append to {Folder}: {path} exists but is not one of the segments opened");
        HammingIndex.Build(codes, path, firstId);
        _segments.Add(HammingIndex.Open(path));
        return firstId;
    }

    /// <summary>The code of item <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No item has the id.</exception>
    public HammingCode this[long id]
    {
        get
        {
            foreach (var s in _segments)
                if (id >= s.FirstId && id < s.FirstId + s.Count) return s[id];
            throw new ArgumentOutOfRangeException(nameof(id), id, $"ids of this folder run from 0 to {Count - 1}");
        }
    }

    /// <summary>Replaces the content of <paramref name="results"/> with every item within <paramref name="radius"/> of <paramref name="query"/>, sorted by distance, then id.</summary>
    public void Search(in HammingCode query, int radius, List<HammingMatch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        results.Clear();
        var part = new List<HammingMatch>();
        foreach (var s in _segments)
        {
            s.Search(query, radius, part);
            results.AddRange(part);
        }
        results.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Id.CompareTo(b.Id));
    }

    /// <summary>The <paramref name="k"/> items nearest to <paramref name="query"/> within <paramref name="maxRadius"/>, as <see cref="HammingIndex.Nearest"/>.</summary>
    public IReadOnlyList<HammingMatch> Nearest(in HammingCode query, int k, int maxRadius = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRadius);
        var results = new List<HammingMatch>();
        if (k == 0) return results;
        foreach (var radius in HammingIndex.NearestRadii(maxRadius))
        {
            Search(query, radius, results);
            if (results.Count >= k) break;
        }
        if (results.Count > k) results.RemoveRange(k, results.Count - k);
        return results;
    }

    /// <summary>Verifies every segment (<see cref="HammingIndex.Verify"/>).</summary>
    public void Verify()
    {
        foreach (var s in _segments) s.Verify();
    }

    /// <summary>Unmaps every segment.</summary>
    public void Dispose()
    {
        foreach (var s in _segments) s.Dispose();
    }
}
