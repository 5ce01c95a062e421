using System.Buffers.Binary;
using System.Text;
using Candor.Provenance;

namespace Candor.Formats.Extracted;

/// <summary>
/// Walks the ISO-BMFF boxes of a HEIF/AVIF file to list them as blocks and to lift the raw EXIF
/// and XMP items out of the top-level <c>meta</c> box, so Candor's own EXIF and XMP readers see them.
/// <code>
/// box      = size u32 BE | type 4cc | [largesize u64 BE when size = 1] | payload   (size 0: to end of file)
/// FullBox  = box whose payload starts with version u8 | flags u24
/// meta     = FullBox | child boxes (hdlr, pitm, iinf, iloc, iprp, idat, iref, ...)
/// iinf     = FullBox | entry_count (u16 v0, u32 v1+) | infe boxes
/// infe v2/3= FullBox | item_ID (u16 v2, u32 v3) | item_protection_index u16 | item_type 4cc
///            | item_name "\0"-terminated | [content_type "\0"-terminated when item_type = "mime"]
/// infe v0/1= FullBox | item_ID u16 | item_protection_index u16 | item_name | content_type   (treated as "mime")
/// iloc     = FullBox | offset_size u4 | length_size u4 | base_offset_size u4 | index_size u4 (v1/v2; reserved v0)
///            | item_count (u16 v0/v1, u32 v2)
///            | per item: item_ID (u16 v0/v1, u32 v2) | [reserved u12 | construction_method u4 (v1/v2)]
///              | data_reference_index u16 | base_offset (base_offset_size) | extent_count u16
///              | per extent: [index (index_size, v1/v2)] | offset (offset_size) | length (length_size)
/// Exif item data = offset to TIFF header u32 BE (usually 6) | "Exif\0\0" | TIFF (byte-order mark onward)
/// </code>
/// A top-level box that runs past the end of the file is a <see cref="CandorFormatException"/>.
/// A malformed box inside <c>meta</c>, or an item whose extents leave the file, is a problem on the
/// scan: the item is skipped and the rest of the file is still read.
/// </summary>
internal static class IsoBmffItems
{
    /// <summary>Largest number of items, infe entries or extents of one item that are read.</summary>
    public const int MaxCount = 4096;

    /// <summary>Largest number of top-level boxes listed.</summary>
    private const int MaxTopLevelBoxes = 100_000;

    /// <summary>Item type of the EXIF item.</summary>
    private const string ExifItemType = "Exif";

    /// <summary>Item type and content type of the XMP item.</summary>
    private const string MimeItemType = "mime";
    private const string XmpContentType = "application/rdf+xml";

    private sealed record ItemInfo(uint Id, string Type, string? ContentType);

    private sealed record Extent(ulong Offset, ulong Length);

    private sealed record ItemLocation(uint Id, int ConstructionMethod, ushort DataReferenceIndex, List<Extent> Extents);

    /// <summary>
    /// Lists the top-level boxes and the children of the top-level <c>meta</c> box in <paramref name="scan"/>.Blocks,
    /// and adds the EXIF and XMP items as payloads. Throws <see cref="CandorFormatException"/> only when the
    /// top-level box structure is broken.
    /// </summary>
    public static void Read(Stream stream, ContainerScan scan, ScanOptions options)
    {
        var fileLength = stream.Length;
        long pos = 0;
        var seenMeta = false;
        Span<byte> header = stackalloc byte[16];
        for (var count = 0; pos < fileLength; count++)
        {
            if (count >= MaxTopLevelBoxes)
            {
                scan.Problems.Add($"more than {MaxTopLevelBoxes} top-level boxes; the rest of the file was not listed");
                return;
            }
            stream.Position = pos;
            var n = StreamReading.ReadAtMost(stream, header[..(int)Math.Min(16, fileLength - pos)]);
            var (type, headerLength, boxLength) = BoxHeader(header[..n], pos, fileLength - pos, "top level");
            scan.Blocks.Add(new ContainerBlock { Type = type, Offset = pos, Length = boxLength, DataOffset = pos + headerLength, DataLength = boxLength - headerLength });
            if (type == "meta")
            {
                if (seenMeta) scan.Problems.Add($"a second top-level 'meta' box at {pos} was not read");
                else ReadMeta(stream, scan, options, pos, headerLength, boxLength);
                seenMeta = true;
            }
            pos += boxLength;
        }
    }

    /// <summary>Reads a box header from <paramref name="head"/> (up to 16 bytes at <paramref name="at"/>); checks the size against <paramref name="room"/>.</summary>
    private static (string Type, int HeaderLength, long Length) BoxHeader(ReadOnlySpan<byte> head, long at, long room, string parent)
    {
        if (head.Length < 8) throw new CandorFormatException($"box header in {parent} is truncated ({head.Length} of 8 bytes)", at, kind: FormatErrorKind.Truncated);
        var type = FourCc(head.Slice(4, 4));
        ulong size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var headerLength = 8;
        if (size == 1)
        {
            if (head.Length < 16) throw new CandorFormatException($"box '{type}' in {parent} is truncated inside its 64-bit size", at, kind: FormatErrorKind.Truncated);
            size = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
            headerLength = 16;
        }
        else if (size == 0)
        {
            size = (ulong)room;
        }
        if (size < (ulong)headerLength)
            throw new CandorFormatException($"box '{type}' in {parent} declares {size} bytes, less than its {headerLength}-byte header", at);
        if (size > (ulong)room)
            throw new CandorFormatException($"box '{type}' in {parent} declares {size} bytes but only {room} remain", at, kind: FormatErrorKind.Truncated);
        return (type, headerLength, (long)size);
    }

    private static void ReadMeta(Stream stream, ContainerScan scan, ScanOptions options, long offset, int headerLength, long length)
    {
        if (length > options.MaxPayloadBytes)
        {
            scan.Problems.Add($"'meta' box at {offset} is {length} bytes, over the cap of {options.MaxPayloadBytes}; its items were not read");
            return;
        }
        stream.Position = offset;
        var meta = StreamReading.ReadBytes(stream, length, "'meta' box");
        List<ItemInfo> infos = [];
        List<ItemLocation> locations = [];
        try
        {
            if (length < headerLength + 4) throw new CandorFormatException("'meta' box has no room for its version and flags", offset);
            var pos = headerLength + 4;
            while (pos < meta.Length)
            {
                var (type, childHeader, childLength) = BoxHeader(meta.AsSpan(pos, Math.Min(16, meta.Length - pos)), offset + pos, meta.Length - pos, "'meta'");
                scan.Blocks.Add(new ContainerBlock { Type = type, Offset = offset + pos, Length = childLength, DataOffset = offset + pos + childHeader, DataLength = childLength - childHeader });
                var body = new Cursor(meta.AsSpan(pos + childHeader, (int)childLength - childHeader), offset + pos + childHeader, type);
                if (type == "iinf") infos = ReadItemInfos(body);
                else if (type == "iloc") locations = ReadLocations(body);
                pos += (int)childLength;
            }
        }
        catch (CandorFormatException e)
        {
            scan.Problems.Add($"'meta' box: {e.Describe()}");
        }

        foreach (var info in infos)
        {
            var kind = info.Type == ExifItemType ? PayloadKind.Exif
                : info.Type == MimeItemType && string.Equals(info.ContentType, XmpContentType, StringComparison.OrdinalIgnoreCase) ? PayloadKind.Xmp
                : (PayloadKind?)null;
            if (kind is null) continue;
            var location = locations.Find(l => l.Id == info.Id);
            if (location is null)
            {
                scan.Problems.Add($"{info.Type} item {info.Id} has no location in 'iloc'");
                continue;
            }
            ReadItem(stream, scan, options, location, kind.Value);
        }
    }

    private static List<ItemInfo> ReadItemInfos(Cursor c)
    {
        var (version, _) = c.FullBox();
        var declared = version == 0 ? c.U16() : c.U32();
        if (declared > MaxCount) throw new CandorFormatException($"'iinf' declares {declared} items, over the cap of {MaxCount}", c.Absolute, kind: FormatErrorKind.LimitExceeded);
        var items = new List<ItemInfo>();
        for (var i = 0; i < declared && c.Remaining > 0; i++)
        {
            var at = c.Absolute;
            var headerBytes = c.Peek(Math.Min(16, c.Remaining));
            var (type, headerLength, length) = BoxHeader(headerBytes, at, c.Remaining, "'iinf'");
            var box = c.Sub((int)length);
            box.Skip(headerLength);
            if (type == "infe") items.Add(ReadItemInfo(box));
        }
        return items;
    }

    private static ItemInfo ReadItemInfo(Cursor c)
    {
        var (version, _) = c.FullBox();
        if (version < 2)
        {
            var oldId = c.U16();
            c.U16();
            c.CString();
            return new ItemInfo(oldId, MimeItemType, c.Remaining > 0 ? c.CString() : null);
        }
        uint id = version == 2 ? c.U16() : c.U32();
        c.U16();
        var type = FourCc(c.Bytes(4));
        c.CString();
        var contentType = type == MimeItemType && c.Remaining > 0 ? c.CString() : null;
        return new ItemInfo(id, type, contentType);
    }

    private static List<ItemLocation> ReadLocations(Cursor c)
    {
        var (version, _) = c.FullBox();
        if (version > 2) throw new CandorFormatException($"'iloc' version {version} is not known", c.Absolute - 4, kind: FormatErrorKind.Unsupported);
        var sizes = c.U8();
        var offsetSize = sizes >> 4;
        var lengthSize = sizes & 0xF;
        var more = c.U8();
        var baseOffsetSize = more >> 4;
        var indexSize = version == 0 ? 0 : more & 0xF;
        foreach (var size in (ReadOnlySpan<int>)[offsetSize, lengthSize, baseOffsetSize, indexSize])
            if (size is not (0 or 4 or 8)) throw new CandorFormatException($"'iloc' field size {size} is not 0, 4 or 8", c.Absolute - 2);
        var count = version < 2 ? c.U16() : c.U32();
        if (count > MaxCount) throw new CandorFormatException($"'iloc' declares {count} items, over the cap of {MaxCount}", c.Absolute, kind: FormatErrorKind.LimitExceeded);
        var locations = new List<ItemLocation>((int)count);
        for (var i = 0; i < count; i++)
        {
            var id = version < 2 ? c.U16() : c.U32();
            var method = version == 0 ? 0 : c.U16() & 0xF;
            var dataReference = c.U16();
            var baseOffset = c.Sized(baseOffsetSize);
            var extentCount = c.U16();
            if (extentCount > MaxCount) throw new CandorFormatException($"'iloc' item {id} declares {extentCount} extents, over the cap of {MaxCount}", c.Absolute, kind: FormatErrorKind.LimitExceeded);
            var extents = new List<Extent>(Math.Min(extentCount, c.Remaining / Math.Max(1, indexSize + offsetSize + lengthSize) + 1));
            for (var e = 0; e < extentCount; e++)
            {
                c.Sized(indexSize);
                var extentOffset = c.Sized(offsetSize);
                var extentLength = c.Sized(lengthSize);
                if (extentOffset > ulong.MaxValue - baseOffset)
                    throw new CandorFormatException($"'iloc' item {id} extent offset overflows", c.Absolute);
                extents.Add(new Extent(baseOffset + extentOffset, extentLength));
            }
            locations.Add(new ItemLocation(id, method, dataReference, extents));
        }
        return locations;
    }

    private static void ReadItem(Stream stream, ContainerScan scan, ScanOptions options, ItemLocation location, PayloadKind kind)
    {
        var name = kind == PayloadKind.Exif ? "Exif item" : "XMP item";
        var where = $"{name} {location.Id}";
        if (location.ConstructionMethod != 0)
        {
            scan.Problems.Add($"{where} uses construction method {location.ConstructionMethod}; only file offsets (0) are read");
            return;
        }
        if (location.DataReferenceIndex != 0)
        {
            scan.Problems.Add($"{where} lives in another file (data reference {location.DataReferenceIndex}); not read");
            return;
        }
        if (location.Extents.Count == 0)
        {
            scan.Problems.Add($"{where} has no extents");
            return;
        }
        var fileLength = (ulong)stream.Length;
        ulong total = 0;
        foreach (var extent in location.Extents)
        {
            // A length of 0 means "to the end of the file" (only meaningful for one extent).
            var length = extent.Length == 0 && extent.Offset <= fileLength ? fileLength - extent.Offset : extent.Length;
            if (extent.Offset > fileLength || length > fileLength - extent.Offset)
            {
                scan.Problems.Add($"{where} extent at {extent.Offset} of {extent.Length} bytes runs past the end of the file ({fileLength} bytes); not read");
                return;
            }
            total += length;
            if (total > (ulong)options.MaxPayloadBytes)
            {
                scan.Problems.Add($"{where} is larger than the cap of {options.MaxPayloadBytes} bytes; not read");
                return;
            }
        }
        var data = new byte[(int)total];
        var filled = 0;
        foreach (var extent in location.Extents)
        {
            var length = extent.Length == 0 ? (int)(fileLength - extent.Offset) : (int)extent.Length;
            stream.Position = (long)extent.Offset;
            StreamReading.ReadExactly(stream, data.AsSpan(filled, length), where);
            scan.Blocks.Add(new ContainerBlock
            {
                Type = kind == PayloadKind.Exif ? ExifItemType : MimeItemType,
                Offset = (long)extent.Offset,
                Length = length,
                DataOffset = (long)extent.Offset,
                DataLength = length,
                Label = kind == PayloadKind.Exif ? "EXIF" : "XMP",
            });
            filled += length;
        }
        var first = (long)location.Extents[0].Offset;
        if (kind == PayloadKind.Xmp)
        {
            scan.AddPayload(new RawPayload(PayloadKind.Xmp, data, new Evidence("HEIF XMP item", null, null, first)), "HEIF XMP item");
            return;
        }
        if (data.Length < 4)
        {
            scan.Problems.Add($"{where} is {data.Length} bytes, too short for its TIFF header offset");
            return;
        }
        var tiffOffset = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (tiffOffset >= (uint)(data.Length - 4))
        {
            scan.Problems.Add($"{where} says its TIFF header is {tiffOffset} bytes in, but only {data.Length - 4} bytes follow");
            return;
        }
        var tiffStart = 4 + (int)tiffOffset;
        var absolute = tiffStart < (long)location.Extents[0].Length || location.Extents.Count == 1 ? first + tiffStart : (long?)null;
        scan.AddPayload(new RawPayload(PayloadKind.Exif, data[tiffStart..], new Evidence("HEIF Exif item", null, null, absolute)), "HEIF Exif item");
    }

    private static string FourCc(ReadOnlySpan<byte> four)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++) chars[i] = four[i] is >= 0x20 and < 0x7F ? (char)four[i] : '?';
        return new string(chars);
    }

    /// <summary>A bounded big-endian reader over one box body; every read past its end is a format error at the absolute offset.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data, long origin, string box)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly int Remaining => _data.Length - _pos;

        public readonly long Absolute => origin + _pos;

        public (byte Version, uint Flags) FullBox()
        {
            var v = U32();
            return ((byte)(v >> 24), v & 0xFFFFFF);
        }

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n > Remaining) throw new CandorFormatException($"'{box}' box ends inside a field ({Remaining} of {n} bytes present)", Absolute, kind: FormatErrorKind.Truncated);
            var s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public readonly ReadOnlySpan<byte> Peek(int n) => _data.Slice(_pos, Math.Min(n, Remaining));

        public void Skip(int n) => Bytes(n);

        public Cursor Sub(int n)
        {
            var at = Absolute;
            return new Cursor(Bytes(n), at, box);
        }

        public byte U8() => Bytes(1)[0];

        public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2));

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public ulong Sized(int size) => size switch
        {
            0 => 0,
            4 => U32(),
            _ => BinaryPrimitives.ReadUInt64BigEndian(Bytes(8)),
        };

        public string CString()
        {
            var rest = _data[_pos..];
            var end = rest.IndexOf((byte)0);
            var text = Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
            _pos += end < 0 ? rest.Length : end + 1;
            return text;
        }
    }
}
