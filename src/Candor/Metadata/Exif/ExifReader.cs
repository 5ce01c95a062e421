using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Candor.Provenance;

namespace Candor.Metadata.Exif;

/// <summary>
/// Reads TIFF-structured EXIF into text fields: IFD0, the Exif IFD, GPS, Interop and IFD1.
/// <code>
///   TIFF header (8 bytes)            IFD at any offset
///   +----+----+--------+             +-------+-----------------+----------------+
///   | BO | 42 | IFD0   |             | count | count x entry   | next IFD (u32) |
///   +----+----+--------+             | u16   | 12 bytes each   | 0 = none       |
///   BO: "II" little / "MM" big        +-------+-----------------+----------------+
///   42 and IFD0 offset (u32) in that byte order
///
///   entry: tag u16 | type u16 | count u32 | value (≤ 4 bytes) or offset of the value (u32)
///   types: 1 BYTE 2 ASCII 3 SHORT 4 LONG 5 RATIONAL 6 SBYTE 7 UNDEFINED 8 SSHORT
///          9 SLONG 10 SRATIONAL 11 FLOAT 12 DOUBLE 13 IFD
/// </code>
/// Offsets are from the byte-order mark. IFD0's next pointer leads to IFD1 (the thumbnail);
/// tags 0x8769, 0x8825 and 0xA005 lead to the Exif, GPS and Interop IFDs.
/// Rendering: ASCII with NULs stripped at both ends (strict UTF-8, else Latin-1); integers in
/// decimal; rationals as decimals ("2.8"), except ExposureTime below 0.25 s as "1/N" like
/// ExifTool; a zero denominator gives "inf" (or "undef" for 0/0); several values are separated
/// by spaces (at most <see cref="MaxValuesShown"/>); UNDEFINED bytes are text when printable,
/// else their decimal values when short, else a length and hex summary.
/// </summary>
public static class ExifReader
{
    /// <summary>Most IFD entries read from one block, across all IFDs.</summary>
    public const int MaxEntries = 8192;

    /// <summary>Most values of one numeric entry rendered; the rest are summarised.</summary>
    public const int MaxValuesShown = 256;

    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

    private readonly record struct IfdKind(string Group, string Block, FrozenDictionary<ushort, string> Tags);

    private static readonly IfdKind Ifd0 = new(FieldGroups.ExifIfd0, "EXIF IFD0", ExifTags.Main);
    private static readonly IfdKind Ifd1 = new(FieldGroups.ExifIfd1, "EXIF IFD1", ExifTags.Main);
    private static readonly IfdKind ExifIfd = new(FieldGroups.ExifSubIfd, "EXIF ExifIFD", ExifTags.Main);
    private static readonly IfdKind GpsIfd = new(FieldGroups.ExifGps, "EXIF GPS", ExifTags.Gps);
    private static readonly IfdKind InteropIfd = new(FieldGroups.ExifInterop, "EXIF InteropIFD", ExifTags.Interop);

    /// <summary>
    /// Reads <paramref name="tiff"/> (starting at the "II"/"MM" byte-order mark).
    /// <paramref name="source"/> names the container block; when its offset is known it is the
    /// file offset of the byte-order mark, and each field's offset is that plus the entry's position.
    /// </summary>
    /// <exception cref="CandorFormatException">The header is not a TIFF header or IFD0 lies outside the bytes.</exception>
    public static ExifReadResult Read(ReadOnlySpan<byte> tiff, Evidence source)
    {
        if (tiff.Length < 8)
            throw new CandorFormatException($"EXIF block is {tiff.Length} bytes, too short for a TIFF header", source.Offset ?? 0, source.Block);
        bool little;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I') little = true;
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M') little = false;
        else throw new CandorFormatException($"EXIF block does not start with a TIFF byte-order mark (\"II\" or \"MM\"), found 0x{tiff[0]:X2}{tiff[1]:X2}", source.Offset ?? 0, source.Block);
        var reader = new State(tiff, little, source);
        if (reader.U16(2) != 42)
            throw new CandorFormatException($"TIFF magic number is {reader.U16(2)}, expected 42", (source.Offset ?? 0) + 2, source.Block);
        var ifd0 = reader.U32(4);
        if (ifd0 < 8 || ifd0 > tiff.Length - 2)
            throw new CandorFormatException($"IFD0 offset {ifd0} lies outside the {tiff.Length}-byte EXIF block", (source.Offset ?? 0) + 4, source.Block);

        var next = reader.ReadIfd(ifd0, Ifd0);
        if (next != 0) reader.ReadIfd(next, Ifd1);
        return new ExifReadResult(reader.Fields, reader.Problems);
    }

    private ref struct State
    {
        private readonly ReadOnlySpan<byte> _tiff;
        private readonly bool _little;
        private readonly Evidence _source;
        private readonly HashSet<long> _visited = [];
        private int _entries;

        public State(ReadOnlySpan<byte> tiff, bool little, Evidence source)
        {
            _tiff = tiff;
            _little = little;
            _source = source;
        }

        public List<MetadataField> Fields { get; } = [];
        public List<string> Problems { get; } = [];

        public readonly ushort U16(long at) => _little
            ? BinaryPrimitives.ReadUInt16LittleEndian(_tiff.Slice((int)at, 2))
            : BinaryPrimitives.ReadUInt16BigEndian(_tiff.Slice((int)at, 2));

        public readonly uint U32(long at) => _little
            ? BinaryPrimitives.ReadUInt32LittleEndian(_tiff.Slice((int)at, 4))
            : BinaryPrimitives.ReadUInt32BigEndian(_tiff.Slice((int)at, 4));

        /// <summary>Reads one IFD and the IFDs it points to; returns its next-IFD offset (0 when none or unreadable).</summary>
        public long ReadIfd(long offset, IfdKind kind)
        {
            if (offset < 8 || offset > _tiff.Length - 2)
            {
                Problems.Add($"{kind.Block}: offset {offset} lies outside the {_tiff.Length}-byte EXIF block");
                return 0;
            }
            if (!_visited.Add(offset))
            {
                Problems.Add($"{kind.Block}: offset {offset} was already read (IFD loop); skipped");
                return 0;
            }
            int count = U16(offset);
            var fits = (int)Math.Min(count, (_tiff.Length - offset - 2) / 12);
            if (fits < count)
                Problems.Add($"{kind.Block} @ {offset}: {count} entries declared, only {fits} fit in the block");
            var children = new List<(long Offset, IfdKind Kind)>();
            for (var i = 0; i < fits; i++)
            {
                if (_entries++ >= MaxEntries)
                {
                    Problems.Add($"{kind.Block}: more than {MaxEntries} entries in the EXIF block; the rest were not read");
                    return 0;
                }
                var at = offset + 2 + 12L * i;
                var tag = U16(at);
                var child = ChildIfd(kind, tag);
                if (child is { } c)
                {
                    children.Add((U32(at + 8), c));
                    continue;
                }
                ReadEntry(at, tag, kind);
            }
            foreach (var (childOffset, childKind) in children) ReadIfd(childOffset, childKind);
            var nextAt = offset + 2 + 12L * count;
            return fits == count && nextAt + 4 <= _tiff.Length ? U32(nextAt) : 0;
        }

        private static IfdKind? ChildIfd(IfdKind parent, ushort tag)
        {
            if (parent.Tags != ExifTags.Main) return null;
            return tag switch
            {
                ExifTags.ExifIfdPointer => ExifIfd,
                ExifTags.GpsIfdPointer => GpsIfd,
                ExifTags.InteropIfdPointer => InteropIfd,
                _ => null,
            };
        }

        private void ReadEntry(long at, ushort tag, IfdKind kind)
        {
            var name = ExifTags.NameOf(kind.Tags, tag);
            var type = U16(at + 2);
            var count = U32(at + 4);
            if (type == 0 || type >= TypeSizes.Length)
            {
                Problems.Add($"{kind.Block} '{name}' @ {at}: unknown value type {type}; skipped");
                return;
            }
            var size = (long)count * TypeSizes[type];
            long valueAt = size <= 4 ? at + 8 : U32(at + 8);
            if (valueAt + size > _tiff.Length)
            {
                Problems.Add($"{kind.Block} '{name}' @ {at}: {size}-byte value at offset {valueAt} runs past the end of the {_tiff.Length}-byte EXIF block; skipped");
                return;
            }
            var raw = _tiff.Slice((int)valueAt, (int)size);
            string? note = null;
            string value;
            if (kind.Tags == ExifTags.Main && tag == ExifTags.UserComment || kind.Tags == ExifTags.Gps && ExifTags.GpsEncodedText.Contains(tag))
                value = ExifEncodedText.Decode(raw, _little, out note);
            else if (kind.Tags == ExifTags.Main && ExifTags.WindowsXpText.Contains(tag))
                value = Encoding.Unicode.GetString(raw[..(raw.Length & ~1)]).TrimEnd('\0');
            else if (type == 2)
                value = Ascii(raw, out note);
            else if (type is 1 or 7)
                value = Undefined(raw);
            else
                value = Numbers(raw, type, (int)count, kind.Tags == ExifTags.Main && tag == ExifTags.ExposureTime);
            var evidence = new Evidence(kind.Block, name, Offset: _source.Offset is { } o ? o + at : null);
            Fields.Add(new MetadataField(kind.Group, name, value, evidence) { Note = note });
        }

        private static string Ascii(ReadOnlySpan<byte> raw, out string? note)
        {
            var trimmed = TextDecoding.TrimNuls(raw, out var leading);
            var text = TextDecoding.Utf8OrLatin1(trimmed, out _, out var latin1);
            note = leading > 0 ? $"{leading} leading NUL byte(s) removed" : null;
            if (latin1) note = note is null ? "not valid UTF-8, read as Latin-1" : $"{note}; not valid UTF-8, read as Latin-1";
            return text;
        }

        private static string Undefined(ReadOnlySpan<byte> raw)
        {
            var trimmed = raw.TrimEnd((byte)0);
            if (trimmed.Length > 0 && !trimmed.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
                return Encoding.ASCII.GetString(trimmed);
            if (raw.Length <= 16)
            {
                var sb = new StringBuilder();
                foreach (var b in raw) sb.Append(sb.Length > 0 ? " " : "").Append(b);
                return sb.ToString();
            }
            return $"({raw.Length} bytes, starting 0x{Convert.ToHexString(raw[..16])})";
        }

        private readonly string Numbers(ReadOnlySpan<byte> raw, ushort type, int count, bool exposure)
        {
            var sb = new StringBuilder();
            var size = TypeSizes[type];
            var shown = Math.Min(count, MaxValuesShown);
            for (var i = 0; i < shown; i++)
            {
                if (i > 0) sb.Append(' ');
                var v = raw.Slice(i * size, size);
                switch (type)
                {
                    case 3: sb.Append(_little ? BinaryPrimitives.ReadUInt16LittleEndian(v) : BinaryPrimitives.ReadUInt16BigEndian(v)); break;
                    case 4 or 13: sb.Append(_little ? BinaryPrimitives.ReadUInt32LittleEndian(v) : BinaryPrimitives.ReadUInt32BigEndian(v)); break;
                    case 6: sb.Append((sbyte)v[0]); break;
                    case 8: sb.Append(_little ? BinaryPrimitives.ReadInt16LittleEndian(v) : BinaryPrimitives.ReadInt16BigEndian(v)); break;
                    case 9: sb.Append(_little ? BinaryPrimitives.ReadInt32LittleEndian(v) : BinaryPrimitives.ReadInt32BigEndian(v)); break;
                    case 11: sb.Append(Decimal(_little ? BinaryPrimitives.ReadSingleLittleEndian(v) : BinaryPrimitives.ReadSingleBigEndian(v))); break;
                    case 12: sb.Append(Decimal(_little ? BinaryPrimitives.ReadDoubleLittleEndian(v) : BinaryPrimitives.ReadDoubleBigEndian(v))); break;
                    case 5:
                        sb.Append(Rational(ReadU32(v), ReadU32(v[4..]), exposure));
                        break;
                    case 10:
                        sb.Append(Rational((int)ReadU32(v), (int)ReadU32(v[4..]), exposure));
                        break;
                }
            }
            if (shown < count) sb.Append($" … ({count} values)");
            return sb.ToString();
        }

        private readonly uint ReadU32(ReadOnlySpan<byte> v) =>
            _little ? BinaryPrimitives.ReadUInt32LittleEndian(v) : BinaryPrimitives.ReadUInt32BigEndian(v);
    }

    private static string Rational(long numerator, long denominator, bool exposure)
    {
        if (denominator == 0) return numerator == 0 ? "undef" : "inf";
        var value = (double)numerator / denominator;
        if (exposure && value > 0 && value < 0.25)
            return $"1/{Math.Round(1 / value).ToString(CultureInfo.InvariantCulture)}";
        return Decimal(value);
    }

    private static string Decimal(double value) =>
        double.IsFinite(value) ? value.ToString("0.##########", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
}
