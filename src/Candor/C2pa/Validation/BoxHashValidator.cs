using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.Formats.Jpeg;

namespace Candor.C2pa.Validation;

// c2pa.hash.boxes (C2PA 2.2 §9.2.3) for JPEG: the asset is a sequence of named boxes, one per
// marker segment, and the assertion lists them in file order with a hash each:
//
//   { "alg": "sha256", "boxes": [ { "names": ["SOI"], "hash": bstr, ?"pad": bstr }, … ] }
//
//   SOI            FFD8                                 2 bytes
//   APP0..APP15    FFEn len …                           2 + len (APP11 segments carrying JUMBF
//                                                        are one box "C2PA", never hashed)
//   DQT DHT SOFn DRI COM …                              2 + len
//   SOS            FFDA len … + the entropy-coded data up to the next marker (RSTn included)
//   EOI            FFD9                                 2 bytes
//
// An entry naming several boxes hashes the bytes from the first's start to the last's end.

/// <summary>Checks a <c>c2pa.hash.boxes</c> hard binding over a JPEG asset.</summary>
public static class BoxHashValidator
{
    private const string C2paBox = "C2PA";

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
        var bytes = new byte[asset.Length];
        asset.ReadExactly(bytes);
        if (bytes.Length < 2 || bytes[0] != 0xFF || bytes[1] != 0xD8) return false;

        List<(string Name, int Start, int End)> boxes;
        try
        {
            boxes = JpegBoxes(bytes);
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
            if (names is [C2paBox]) continue; // the manifest store itself is not hashed
            var actual = C2paHashAlgorithms.Hash(algorithm, bytes.AsSpan(first.Start, last.End - first.Start));
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

    /// <summary>The boxes of a JPEG file as c2pa.hash.boxes names them, in file order.</summary>
    public static List<(string Name, int Start, int End)> JpegBoxes(ReadOnlySpan<byte> jpeg)
    {
        var boxes = new List<(string Name, int Start, int End)> { ("SOI", 0, 2) };
        var pos = 2;
        while (pos < jpeg.Length)
        {
            if (jpeg[pos] != 0xFF) throw new CandorFormatException($"JPEG: expected a marker, found 0x{jpeg[pos]:X2}", pos);
            var start = pos;
            while (pos < jpeg.Length && jpeg[pos] == 0xFF) pos++; // fill bytes
            if (pos >= jpeg.Length) throw new CandorFormatException("JPEG: the file ends inside a marker", start);
            var marker = jpeg[pos++];
            if (marker == 0xD9)
            {
                boxes.Add(("EOI", start, pos));
                break;
            }
            if (JpegMarkers.IsStandalone(marker))
            {
                boxes.Add((Name(marker, false), start, pos));
                continue;
            }
            if (pos + 2 > jpeg.Length) throw new CandorFormatException("JPEG: the file ends inside a segment length", pos);
            var length = (jpeg[pos] << 8) | jpeg[pos + 1];
            if (length < 2 || pos + length > jpeg.Length) throw new CandorFormatException($"JPEG: segment 0x{marker:X2} claims {length} bytes, past the end of the file", start);
            var end = pos + length;
            var jumbf = marker == 0xEB && length >= 4 && jpeg[pos + 2] == (byte)'J' && jpeg[pos + 3] == (byte)'P';
            if (marker == 0xDA)
            {
                // The entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
                while (end + 1 < jpeg.Length && !(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && jpeg[end + 1] is not (>= 0xD0 and <= 0xD7))) end++;
                if (end + 1 >= jpeg.Length) end = jpeg.Length;
            }
            var name = Name(marker, jumbf);
            if (name == C2paBox && boxes[^1].Name == C2paBox) boxes[^1] = (C2paBox, boxes[^1].Start, end);
            else boxes.Add((name, start, end));
            pos = end;
        }
        return boxes;
    }

    // JUMBF-carrying APP11 runs are the "C2PA" box; every other segment keeps its marker's name.
    private static string Name(byte marker, bool jumbf) => jumbf ? C2paBox : JpegMarkers.Name(marker);
}
