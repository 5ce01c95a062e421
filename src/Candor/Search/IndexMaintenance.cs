using Candor.Fingerprints;
using Candor.Index;

namespace Candor.Search;

/// <summary><c>candor index stats</c> and <c>candor index verify</c>: what a folder holds, and whether its files agree with each other.</summary>
public static class IndexMaintenance
{
    /// <summary>The folder's manifest, file sizes and the first problems recorded while building.</summary>
    public static IndexStats Stats(string folder, int problems = 20)
    {
        var manifest = IndexManifest.Read(folder);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => (Path.GetRelativePath(folder, f), new FileInfo(f).Length))
            .Order()
            .ToList();
        using var catalogue = ItemCatalogue.Open(Path.Combine(folder, IndexFiles.Catalogue));
        return new IndexStats(manifest, files, catalogue.Problems(problems));
    }

    /// <summary>
    /// Checks that the files of an index folder are sound and agree: SQLite's integrity check and the caption word
    /// index, the manifest's counts against the catalogue, every PDQ code in the Hamming index against the catalogue's
    /// hash of the same item, the vector indexes' sizes against the stored shard vectors.
    /// </summary>
    /// <returns>Problems found, empty when the folder is consistent.</returns>
    public static IReadOnlyList<string> Verify(string folder, CancellationToken ct = default)
    {
        var problems = new List<string>();
        var manifest = IndexManifest.Read(folder);
        // Read-write: FTS5's integrity check is run as a special write statement (it changes nothing).
        using var catalogue = ItemCatalogue.Open(Path.Combine(folder, IndexFiles.Catalogue), readOnly: false);
        problems.AddRange(catalogue.CheckIntegrity().Select(p => $"catalogue: {p}"));
        if (catalogue.Count != manifest.Items) problems.Add($"the manifest says {manifest.Items} items, the catalogue has {catalogue.Count}");
        if (manifest.Pdq && manifest.PdqItems > 0) VerifyPdq(folder, catalogue, manifest, problems, ct);
        VerifyVectors(folder, "image", manifest.Image, problems);
        VerifyVectors(folder, "caption", manifest.Caption, problems);
        return problems;
    }

    private static void VerifyPdq(string folder, ItemCatalogue catalogue, IndexManifest manifest, List<string> problems, CancellationToken ct)
    {
        try
        {
            using var index = HammingIndex.Open(Path.Combine(folder, IndexFiles.Pdq));
            index.Verify();
            var ids = PdqIdMap.Read(Path.Combine(folder, IndexFiles.PdqIds));
            if (index.Count != ids.LongLength) problems.Add($"PDQ index: {index.Count} codes but {ids.Length} ids");
            var expectedCodes = manifest.PdqVariants ? manifest.PdqCodes : manifest.PdqItems;
            if (index.Count != expectedCodes) problems.Add($"PDQ index: {index.Count} codes, the manifest says {expectedCodes}");
            long position = 0, mismatches = 0;
            foreach (var item in catalogue.Enumerate())
            {
                ct.ThrowIfCancellationRequested();
                if (item.Pdq is null) continue;
                if (position >= ids.LongLength || ids[position] != item.Id) { mismatches++; position++; continue; }
                var code = index[position];
                var hash = PdqHash.Parse(item.Pdq);
                if (code != new HammingCode(hash.W0, hash.W1, hash.W2, hash.W3)) mismatches++;
                position++;
            }
            if (manifest.PdqVariants)
            {
                // The crop codes follow the items' own, in the order of the crop shard files.
                var codes = new List<ulong>();
                var cropIds = new List<long>();
                var cropFolder = Path.Combine(folder, IndexFiles.PdqCropShards);
                if (Directory.Exists(cropFolder))
                    foreach (var file in Directory.GetFiles(cropFolder, "crops-*.pqc").Order(StringComparer.Ordinal))
                        PdqCropShardFile.ReadInto(file, codes, cropIds);
                for (var i = 0; i < cropIds.Count; i++, position++)
                {
                    if (position >= ids.LongLength || ids[position] != cropIds[i] || index[position] != new HammingCode(codes[4 * i], codes[4 * i + 1], codes[4 * i + 2], codes[4 * i + 3]))
                        mismatches++;
                }
            }
            if (position != ids.LongLength) problems.Add($"PDQ index: the catalogue and crop files give {position} codes, the index {ids.Length}");
            if (mismatches > 0) problems.Add($"PDQ index: {mismatches} codes differ from the catalogue's hashes; rebuild with 'candor index build' on the same folder");
        }
        catch (Exception e) when (e is CandorFormatException or IOException)
        {
            problems.Add($"PDQ index: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
        }
    }

    private static void VerifyVectors(string folder, string kind, EmbeddingIndexInfo? info, List<string> problems)
    {
        if (info is null) return;
        try
        {
            using var index = VectorIndex.Open(Path.Combine(folder, info.File));
            if (index.Dimensions != info.Dimension) problems.Add($"{kind} index: {index.Dimensions}-d, the manifest says {info.Dimension}");
            if (index.Count != info.Count) problems.Add($"{kind} index: {index.Count} vectors, the manifest says {info.Count}");
            var shardDir = Path.Combine(folder, IndexFiles.VectorShards);
            var stored = Directory.Exists(shardDir) ? Directory.GetFiles(shardDir, $"{kind}-*.cvec").Sum(f => VectorShardFile.Count(f, info.Dimension)) : 0;
            if (stored != index.Count) problems.Add($"{kind} index: {index.Count} vectors but the shard files hold {stored}");
        }
        catch (Exception e) when (e is CandorFormatException or IOException)
        {
            problems.Add($"{kind} index: {(e is CandorFormatException f ? f.Describe() : e.Message)}");
        }
    }
}
