using Candor.Formats;
using Candor.Metadata.Exif;
using Candor.Metadata.Iptc;
using Candor.Metadata.Xmp;
using Candor.Metadata;

namespace Candor.Inspection;

/// <summary>
/// Turns a container scan into the flat list of fields generator parsers read: the container's
/// own text fields plus the decoded EXIF, XMP and IPTC payloads. A payload that cannot be
/// decoded becomes a problem line and the others are still read; a payload read after a repair
/// (XMP with a repeated property) gives a repair line. C2PA and ICC payloads are left
/// to their own readers.
/// </summary>
public static class MetadataExtraction
{
    /// <summary>Decodes every EXIF, XMP and IPTC payload of <paramref name="scan"/> and merges them with its fields in file order.</summary>
    public static ExtractedMetadata Extract(ContainerScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var result = new ExtractedMetadata();
        var units = new List<(long Order, int Sequence, IReadOnlyList<MetadataField> Fields)>();
        foreach (var field in scan.Fields)
            units.Add((field.Evidence.Offset ?? long.MaxValue, units.Count, [field]));

        foreach (var payload in scan.Payloads)
        {
            var where = payload.Evidence.Offset is { } o ? $"{payload.Evidence.Block} @ {o}" : payload.Evidence.Block;
            try
            {
                var (fields, problems, repairs) = Decode(payload);
                if (fields is null) continue;
                units.Add((payload.Evidence.Offset ?? long.MaxValue, units.Count, fields));
                foreach (var problem in problems) result.Problems.Add($"{payload.Kind.ToString().ToUpperInvariant()} in {where}: {problem}");
                foreach (var repair in repairs) result.Repairs.Add($"{payload.Kind.ToString().ToUpperInvariant()} in {where}: {repair}");
            }
            catch (CandorFormatException e)
            {
                result.Problems.Add($"{payload.Kind.ToString().ToUpperInvariant()} in {where}: {e.Message}");
            }
        }

        foreach (var unit in units.OrderBy(u => u.Order).ThenBy(u => u.Sequence))
            result.Fields.AddRange(unit.Fields);
        return result;
    }

    private static (IReadOnlyList<MetadataField>? Fields, IReadOnlyList<string> Problems, IReadOnlyList<string> Repairs) Decode(RawPayload payload)
    {
        switch (payload.Kind)
        {
            case PayloadKind.Exif:
                var exif = ExifReader.Read(payload.Data, payload.Evidence);
                return (exif.Fields, exif.Problems, []);
            case PayloadKind.Xmp:
                var xmp = XmpReader.Read(payload.Data, payload.Evidence);
                return (xmp.Fields, xmp.Problems, xmp.Repairs);
            case PayloadKind.Iptc:
                var iptc = IptcReader.Read(payload.Data, payload.Evidence);
                return (iptc.Fields, iptc.Problems, []);
            default:
                return (null, [], []);
        }
    }
}
