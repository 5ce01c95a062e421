using System.Text;
using Candor.Provenance;

namespace Candor.Metadata.Iptc;

/// <summary>
/// Reads IPTC-IIM datasets (as unwrapped from a Photoshop 8BIM 0x0404 resource or a TIFF
/// IPTC-NAA tag) into text fields.
/// <code>
///   dataset:  0x1C | record u8 | dataset u8 | length u16 BE | value (length bytes)
///   extended: when bit 15 of length is set, its low 15 bits give how many bytes (≤ 4 here)
///             of big-endian length follow before the value
/// </code>
/// Text is UTF-8 when record 1:90 (CodedCharacterSet) is "ESC % G"; otherwise strict UTF-8 is
/// tried first and Latin-1 taken when the bytes are not valid UTF-8. Trailing NUL padding ends
/// the data quietly; any other stray byte ends it with a problem.
/// </summary>
public static class IptcReader
{
    /// <summary>Most datasets read from one block.</summary>
    public const int MaxDatasets = 65536;

    private const byte Marker = 0x1C;
    private static ReadOnlySpan<byte> Utf8Designation => [0x1B, 0x25, 0x47];

    /// <summary>Reads <paramref name="iim"/>; when <paramref name="source"/> has an offset, it is the file offset of the first byte.</summary>
    /// <exception cref="CandorFormatException">The data does not start with an IIM dataset marker.</exception>
    public static IptcReadResult Read(ReadOnlySpan<byte> iim, Evidence source)
    {
        var fields = new List<MetadataField>();
        var problems = new List<string>();
        if (iim.IsEmpty) return new IptcReadResult(fields, problems);
        if (iim[0] != Marker)
            throw new CandorFormatException($"IPTC data does not start with the dataset marker 0x1C (found 0x{iim[0]:X2})", source.Offset ?? 0, source.Block);

        var utf8Declared = false;
        var pos = 0;
        var count = 0;
        while (pos < iim.Length)
        {
            if (iim[pos] != Marker)
            {
                if (iim[pos..].IndexOfAnyExcept((byte)0) >= 0)
                    problems.Add($"IPTC @ {pos}: unexpected byte 0x{iim[pos]:X2} where a dataset should start; reading stopped");
                break;
            }
            if (++count > MaxDatasets)
            {
                problems.Add($"IPTC: more than {MaxDatasets} datasets; the rest were not read");
                break;
            }
            if (pos + 5 > iim.Length)
            {
                problems.Add($"IPTC @ {pos}: dataset header cut short by the end of the data");
                break;
            }
            int record = iim[pos + 1], dataset = iim[pos + 2];
            long length = (iim[pos + 3] << 8) | iim[pos + 4];
            var valueAt = pos + 5;
            if ((length & 0x8000) != 0)
            {
                var lengthBytes = (int)(length & 0x7FFF);
                if (lengthBytes is 0 or > 4 || valueAt + lengthBytes > iim.Length)
                {
                    problems.Add($"IPTC {record}:{dataset} @ {pos}: extended length of {lengthBytes} bytes cannot be read; reading stopped");
                    break;
                }
                length = 0;
                foreach (var b in iim.Slice(valueAt, lengthBytes)) length = (length << 8) | b;
                valueAt += lengthBytes;
            }
            if (valueAt + length > iim.Length)
            {
                problems.Add($"IPTC {record}:{dataset} @ {pos}: {length}-byte value runs past the end of the {iim.Length}-byte data; reading stopped");
                break;
            }
            var value = iim.Slice(valueAt, (int)length);
            var key = IptcDatasets.Key(record, dataset);
            var (name, kind) = IptcDatasets.Known.TryGetValue(key, out var known) ? known : ($"IPTC {record}:{dataset:D3}", IptcValueKind.Text);
            string? note = null;
            string text;
            if (key == IptcDatasets.CodedCharacterSet)
            {
                utf8Declared = value.SequenceEqual(Utf8Designation);
                text = utf8Declared ? "UTF8" : Escapes(value);
            }
            else
            {
                text = kind switch
                {
                    IptcValueKind.Number when value.Length is > 0 and <= 4 => Number(value),
                    IptcValueKind.Text => Text(value, utf8Declared, out note),
                    _ => $"({value.Length} bytes of binary data)",
                };
            }
            var evidence = new Evidence(source.Block, name, Offset: source.Offset is { } o ? o + pos : null);
            fields.Add(new MetadataField(FieldGroups.Iptc, name, text, evidence) { Note = note });
            pos = (int)(valueAt + length);
        }
        return new IptcReadResult(fields, problems);
    }

    private static string Text(ReadOnlySpan<byte> value, bool utf8Declared, out string? note)
    {
        var text = TextDecoding.Utf8OrLatin1(TextDecoding.TrimNuls(value, out _), out _, out var latin1);
        note = latin1 ? utf8Declared ? "declared UTF-8 but the bytes are not valid UTF-8; read as Latin-1" : "not valid UTF-8, read as Latin-1" : null;
        return text;
    }

    private static string Number(ReadOnlySpan<byte> value)
    {
        uint n = 0;
        foreach (var b in value) n = (n << 8) | b;
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Escapes(ReadOnlySpan<byte> value)
    {
        var sb = new StringBuilder();
        foreach (var b in value)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(b == 0x1B ? "ESC" : b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}");
        }
        return sb.ToString();
    }
}
