using System.Buffers;
using System.Security.Cryptography;
using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.Formats;

namespace Candor.C2pa.Validation;

// The c2pa.hash.data assertion (C2PA 2.2 §18.5), CBOR:
//
//   { "exclusions": [ { "start": uint, "length": uint }, … ],   byte ranges of the asset not hashed
//     ?"name": tstr, ?"alg": "sha256" | "sha384" | "sha512",    missing alg → the claim's "alg"
//     "hash": bstr, "pad": bstr (zeros), ?"pad2": bstr }
//
// hash = H(asset bytes outside the exclusions, in file order). The exclusions must cover exactly
// the bytes the manifest store occupies in the container:
//
//   JPEG  every APP11 segment of the store's JUMBF instance → from the first FF EB, Σ (2 + Lp)
//   PNG   the caBX chunk → 12 + length
//   WebP  the C2PA chunk → 8 + size (an odd size's pad byte stays hashed)
//
// Each container handler (Candor.Formats.<Format>.<Format>Format.C2pa.cs) knows its layout.

/// <summary>
/// Checks the active manifest's hard binding: hashes the asset minus the exclusions of
/// <c>c2pa.hash.data</c> (streaming the file), compares, and checks that the exclusions cover
/// exactly the manifest store in the container (<c>assertion.dataHash.match</c> /
/// <c>.mismatch</c>). <c>c2pa.hash.boxes</c> and <c>c2pa.hash.bmff*</c> are reported with
/// <see cref="C2paStatusCodes.HardBindingNotValidated"/>; a standard manifest without any hard
/// binding gets <c>claim.hardBindings.missing</c>, one with several <c>assertion.multipleHardBindings</c>.
/// Only hard bindings the claim lists count.
/// </summary>
public static class DataHashValidator
{
    private const string DataHashLabel = "c2pa.hash.data";
    private const int BufferSize = 64 * 1024;

    // Hard-binding assertion labels (without __N) → whether Candor validates them.
    private static readonly Dictionary<string, bool> HardBindings = new(StringComparer.Ordinal)
    {
        [DataHashLabel] = true,
        ["c2pa.hash.boxes"] = true,
        ["c2pa.hash.bmff"] = false,
        ["c2pa.hash.bmff.v2"] = false,
        ["c2pa.hash.bmff.v3"] = false,
        ["c2pa.hash.collection.data"] = false,
    };

    /// <summary>
    /// The byte ranges the manifest store <paramref name="payload"/> occupies in the container
    /// (merged where adjacent), or null when Candor does not know where stores sit in this format.
    /// Where each format keeps its store is its container handler's knowledge (<see cref="IContainerFormat.StoreRanges"/>).
    /// </summary>
    public static IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream asset, RawPayload payload)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(payload);
        var ranges = ContainerRegistry.For(scan).StoreRanges(scan, asset, payload);
        return ranges is null ? null : Merge(ranges);
    }

    /// <summary>
    /// Checks the hard binding of the active manifest of <paramref name="store"/> against
    /// <paramref name="asset"/> (seekable). <paramref name="storeRanges"/> is where the store sits
    /// in the asset (see <see cref="StoreRanges"/>): empty for a sidecar store (nothing may be
    /// excluded); null skips the location check (a format whose store location Candor does not know).
    /// </summary>
    public static void Validate(C2paManifestStore store, Stream asset, IReadOnlyList<ByteRange>? storeRanges, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(report);
        if (!asset.CanSeek || !asset.CanRead) throw new ArgumentException("the asset stream must be readable and seekable", nameof(asset));
        var manifest = store.ActiveManifest;
        if (manifest is null) return;
        // Hard bindings count only when the claim lists them; a URI that leads nowhere is already assertion.missing.
        // A handful of boxes at most: a list scan keeps each once without hashing the objects.
        var bindings = new List<Jumbf.JumbfBox>();
        foreach (var url in HashedUriValidator.ClaimUrls(manifest))
        {
            var box = HashedUriValidator.Resolve(store, manifest, url);
            if (box?.Label is not null && HardBindings.ContainsKey(ManifestStoreReader.BaseLabel(box.Label)) && !bindings.Contains(box, ReferenceEqualityComparer.Instance))
                bindings.Add(box);
        }
        if (bindings.Count == 0)
        {
            if (manifest.Kind != C2paManifestKind.Update)
                report.Add(C2paStatusCodes.HardBindingsMissing, null, "the claim lists no hard-binding assertion", manifest.Label);
            return;
        }
        if (bindings.Count > 1)
            report.Add(C2paStatusCodes.MultipleHardBindings, null,
                $"the claim lists {bindings.Count} hard bindings ({string.Join(", ", bindings.Select(b => b.Label))}); each is checked", manifest.Label);
        foreach (var assertion in bindings)
        {
            var label = assertion.Label!;
            var baseLabel = ManifestStoreReader.BaseLabel(label);
            if (baseLabel == DataHashLabel) CheckDataHash(manifest, assertion, asset, storeRanges, report);
            else if (baseLabel == "c2pa.hash.boxes" && BoxHashValidator.Validate(manifest, assertion, asset, report)) { }
            else report.Add(C2paStatusCodes.HardBindingNotValidated, label, $"hard binding '{label}' is not validated by Candor yet", manifest.Label);
        }
    }

    private static void CheckDataHash(C2paManifestSummary manifest, JumbfBox assertion, Stream asset, IReadOnlyList<ByteRange>? storeRanges, C2paHashReport report)
    {
        var label = assertion.Label!;
        var content = assertion.FirstContentBox();
        if (content is null || content.Type != "cbor")
        {
            report.Add(C2paStatusCodes.DataHashMismatch, label, "the data hash assertion has no CBOR content box", manifest.Label);
            return;
        }
        CborValue map;
        try
        {
            map = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
        }
        catch (CandorFormatException e)
        {
            report.Add(C2paStatusCodes.DataHashMismatch, label, $"the data hash assertion is not valid CBOR ({e.Describe()})", manifest.Label);
            return;
        }
        var algName = map.GetText("alg") ?? manifest.Claim?.GetText("alg");
        if (!C2paHashAlgorithms.TryGet(algName, out var algorithm))
        {
            report.Add(C2paStatusCodes.AlgorithmUnsupported, label,
                algName is null ? "the data hash names no hash algorithm and the claim has no 'alg'" : $"hash algorithm '{algName}' is not supported", manifest.Label);
            return;
        }
        var expected = map["hash"]?.Untagged;
        if (expected is null || expected.Kind != CborValueKind.Bytes)
        {
            report.Add(C2paStatusCodes.DataHashMismatch, label, "the data hash assertion has no 'hash' byte string", manifest.Label);
            return;
        }
        var fileLength = asset.Length;
        var exclusions = ReadExclusions(map, fileLength, out var problem);
        if (exclusions is null)
        {
            report.Add(C2paStatusCodes.DataHashMismatch, label, problem!, manifest.Label);
            return;
        }
        var merged = Merge(exclusions);
        if (storeRanges is not null && !merged.SequenceEqual(storeRanges))
        {
            report.Add(C2paStatusCodes.DataHashMismatch, label,
                $"the exclusions [{string.Join(", ", merged)}] do not cover exactly the manifest store at [{string.Join(", ", storeRanges)}]", manifest.Label);
            return;
        }
        var actual = HashOutside(asset, fileLength, exclusions, algorithm);
        if (actual.AsSpan().SequenceEqual(expected.Bytes.Span))
            report.Add(C2paStatusCodes.DataHashMatch, label, $"{algName} of the asset minus [{string.Join(", ", merged)}] matches", manifest.Label);
        else
            report.Add(C2paStatusCodes.DataHashMismatch, label,
                $"{algName} of the asset minus [{string.Join(", ", merged)}] is {Convert.ToHexStringLower(actual)}, the assertion says {Convert.ToHexStringLower(expected.Bytes.Span)}", manifest.Label);
    }

    // The exclusions sorted by start, or null (with the reason) when one lies outside the file or two overlap.
    private static List<ByteRange>? ReadExclusions(CborValue map, long fileLength, out string? problem)
    {
        problem = null;
        var list = map["exclusions"]?.Untagged;
        var ranges = new List<ByteRange>();
        if (list is null) return ranges;
        if (list.Kind != CborValueKind.Array)
        {
            problem = "the data hash's 'exclusions' is not an array";
            return null;
        }
        foreach (var item in list.Items)
        {
            var entry = item.Untagged;
            var start = entry["start"]?.Untagged.Int64;
            var length = entry["length"]?.Untagged.Int64;
            if (start is not >= 0 || length is not >= 0)
            {
                problem = $"an exclusion at byte {item.Offset} has no non-negative 'start' and 'length'";
                return null;
            }
            if (start.Value > fileLength || length.Value > fileLength - start.Value)
            {
                problem = $"exclusion {start}+{length} runs past the end of the {fileLength}-byte file";
                return null;
            }
            ranges.Add(new ByteRange(start.Value, length.Value));
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start < ranges[i - 1].End)
            {
                problem = $"exclusions {ranges[i - 1]} and {ranges[i]} overlap";
                return null;
            }
        }
        return ranges;
    }

    /// <summary>The hash of <paramref name="asset"/> (the first <paramref name="fileLength"/> bytes) outside the sorted, non-overlapping <paramref name="exclusions"/>, streamed.</summary>
    internal static byte[] HashOutside(Stream asset, long fileLength, IReadOnlyList<ByteRange> exclusions, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long pos = 0;
            foreach (var exclusion in exclusions)
            {
                AppendRange(asset, hash, buffer, pos, exclusion.Start);
                pos = exclusion.End;
            }
            AppendRange(asset, hash, buffer, pos, fileLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }

    private static void AppendRange(Stream asset, IncrementalHash hash, byte[] buffer, long from, long to)
    {
        asset.Position = from;
        var remaining = to - from;
        while (remaining > 0)
        {
            var n = asset.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n <= 0) throw new CandorFormatException("the file ended while hashing it", asset.Position, kind: FormatErrorKind.Truncated);
            hash.AppendData(buffer, 0, n);
            remaining -= n;
        }
    }

    private static List<ByteRange> Merge(IEnumerable<ByteRange> ranges)
    {
        var merged = new List<ByteRange>();
        foreach (var r in ranges.Where(r => r.Length > 0).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End)
                merged[^1] = new ByteRange(merged[^1].Start, Math.Max(merged[^1].End, r.End) - merged[^1].Start);
            else merged.Add(r);
        }
        return merged;
    }
}
