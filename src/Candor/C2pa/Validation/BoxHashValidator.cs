using System.Buffers;
using System.Security.Cryptography;
using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.Formats;
using Candor.Formats.Jpeg;

namespace Candor.C2pa.Validation;

// c2pa.hash.boxes (C2PA 2.2 §9.2.3) for JPEG: the asset is a sequence of named boxes, one per
// marker segment (JpegFormat.HashBoxes lists them; JpegFormat.Boxes.cs has the layout), and the
// assertion lists them in file order with a hash each:
//
//   { "alg": "sha256", "boxes": [ { "names": ["SOI"], "hash": bstr, ?"pad": bstr }, … ] }
//
// An entry naming several boxes hashes the bytes from the first's start to the last's end; the
// "C2PA" box (the manifest store's APP11 segments) is never hashed.

/// <summary>Checks a <c>c2pa.hash.boxes</c> hard binding over a JPEG asset.</summary>
public static class BoxHashValidator
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Checks <paramref name="assertion"/> against <paramref name="asset"/> and adds the outcome to
    /// <paramref name="report"/>; false (nothing added) when the asset is not a format whose boxes Candor knows.
    /// </summary>
    public static bool Validate(C2paManifestSummary manifest, JumbfBox assertion, Stream asset, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(report);
        var label = assertion.Label!;
        asset.Position = 0;
        Span<byte> soi = stackalloc byte[2];
        if (StreamReading.ReadAtMost(asset, soi) < 2 || soi[0] != 0xFF || soi[1] != 0xD8) return false;

        IReadOnlyList<JpegHashBox> boxes;
        try
        {
            boxes = JpegFormat.HashBoxes(asset);
        }
        catch (CandorFormatException e)
        {
            report.Add(C2paStatusCodes.BoxesHashMismatch, label, $"the JPEG cannot be split into boxes: {e.Describe()}", manifest.Label);
            return true;
        }

        CborValue map;
        try
        {
            var content = assertion.FirstContentBox();
            if (content is null || content.Type != "cbor") throw new CandorFormatException("the box hash assertion has no CBOR content box", assertion.Offset);
            map = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
        }
        catch (CandorFormatException e)
        {
            report.Add(C2paStatusCodes.BoxesHashMismatch, label, e.Describe(), manifest.Label);
            return true;
        }
        var algName = map.GetText("alg") ?? manifest.Claim?.GetText("alg");
        if (!C2paHashAlgorithms.TryGet(algName, out var algorithm))
        {
            report.Add(C2paStatusCodes.AlgorithmUnsupported, label, $"hash algorithm '{algName ?? "(none)"}' is not supported", manifest.Label);
            return true;
        }
        var entries = map["boxes"]?.Untagged.Items ?? [];
        var next = 0;
        foreach (var entry in entries)
        {
            var names = entry.Untagged["names"]?.Untagged.Items.Select(n => n.Untagged.Text ?? "").ToList() ?? [];
            var hash = entry.Untagged["hash"]?.Untagged.Bytes ?? ReadOnlyMemory<byte>.Empty;
            if (names.Count == 0)
            {
                report.Add(C2paStatusCodes.BoxesHashMismatch, label, $"an entry at byte {entry.Offset} names no box", manifest.Label);
                return true;
            }
            for (var i = 0; i < names.Count; i++)
            {
                if (next + i >= boxes.Count)
                {
                    report.Add(C2paStatusCodes.BoxesHashMismatch, label, $"the assertion lists box '{names[i]}' after the asset's last box", manifest.Label);
                    return true;
                }
                if (boxes[next + i].Name != names[i])
                {
                    report.Add(C2paStatusCodes.BoxesHashMismatch, label,
                        $"box {next + i} of the asset is '{boxes[next + i].Name}' at byte {boxes[next + i].Start}, the assertion lists '{names[i]}'", manifest.Label);
                    return true;
                }
            }
            var first = boxes[next];
            var last = boxes[next + names.Count - 1];
            next += names.Count;
            if (names is [JpegFormat.JumbfHashBox]) continue; // the manifest store itself is not hashed
            var actual = HashRange(asset, first.Start, last.End, algorithm);
            if (!actual.AsSpan().SequenceEqual(hash.Span))
            {
                report.Add(C2paStatusCodes.BoxesHashMismatch, label,
                    $"{algName} of box '{string.Join("+", names)}' at bytes {first.Start}..{last.End} differs from the assertion's", manifest.Label);
                return true;
            }
        }
        if (next < boxes.Count)
        {
            report.Add(C2paStatusCodes.BoxesHashUnknownBox, label,
                $"the asset's box '{boxes[next].Name}' at byte {boxes[next].Start} is not listed by the assertion", manifest.Label);
            return true;
        }
        report.Add(C2paStatusCodes.BoxesHashMatch, label, $"{algName} of all {boxes.Count} JPEG boxes matches", manifest.Label);
        return true;
    }

    // The hash of bytes [start, end) of the asset, streamed.
    private static byte[] HashRange(Stream asset, long start, long end, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            asset.Position = start;
            for (var remaining = end - start; remaining > 0;)
            {
                var n = asset.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (n <= 0) throw new CandorFormatException("the file ended while hashing it", asset.Position, kind: FormatErrorKind.Truncated);
                hash.AppendData(buffer, 0, n);
                remaining -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }
}
