using System.Buffers.Binary;

namespace Candor.Formats.Jpeg;

// JPEG, the C2PA manifest store: split over APP11 segments (JPEG XT / ISO 19566-5 JUMBF boxes),
// placed right after the SOI and any APP0 segments, as the reference implementation (c2pa-rs
// jpeg_io) does:
//
//   FF EB | Lp u16 BE | "JP" | En u16 BE (box instance, 0x0211) | Z u32 BE (sequence, from 1)
//         | [segments 2..n: the store's 8-byte LBox + TBox again] | next slice of the store
//
// Segment data, counted from "JP":  0 "JP" | 2 En | 4 Z | 8 LBox | 12 "jumb" | 16 LBox | 20 "jumd"
// | 24 UUID, whose first four bytes are "c2pa" for a manifest store.
// Each segment carries at most 64,000 bytes of the store. The data hash excludes every segment of
// the store's instance: one range from the first FF EB, Σ (2 + Lp) bytes.

public sealed partial class JpegFormat
{
    private const int StoreSliceLength = 64_000;
    private const ushort StoreInstance = 0x0211;

    /// <summary>APP11 segments as the scan labels those that carry JUMBF.</summary>
    private static IEnumerable<ContainerBlock> JumbfSegments(ContainerScan scan, int minimumData) =>
        scan.Blocks.Where(b => b.Type == "APP11" && b.Label == "JUMBF" && b.DataLength >= minimumData);

    /// <summary>APP11 segments carrying the same JUMBF instance (En) as the store's first segment.</summary>
    public IReadOnlyList<ByteRange>? StoreRanges(ContainerScan scan, Stream stream, RawPayload store)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(store);
        var segments = JumbfSegments(scan, 4).ToList();
        var first = segments.FirstOrDefault(b => b.Offset == store.Evidence.Offset) ?? segments.FirstOrDefault();
        if (first is null) return [];
        Span<byte> head = stackalloc byte[4];
        var instance = Instance(ReadHead(stream, first, head));
        var ranges = new List<ByteRange>();
        foreach (var segment in segments)
            if (Instance(ReadHead(stream, segment, head)) == instance) ranges.Add(new ByteRange(segment.Offset, segment.Length));
        return ranges;
    }

    /// <summary>Removes every segment of each JUMBF instance whose first segment (Z = 1) opens a C2PA store superbox.</summary>
    public ContainerEdits RemoveStore(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var segments = JumbfSegments(scan, 8).ToList();
        var instances = new List<ushort>(segments.Count);
        var c2paInstances = new HashSet<ushort>();
        Span<byte> buffer = stackalloc byte[28];
        foreach (var s in segments)
        {
            var head = ReadHead(stream, s, buffer);
            instances.Add(Instance(head));
            if (BinaryPrimitives.ReadUInt32BigEndian(head[4..]) == 1 && head.Length >= 28 && head.Slice(24, 4).SequenceEqual("c2pa"u8))
                c2paInstances.Add(Instance(head));
        }
        var edits = new ContainerEdits();
        for (var i = 0; i < segments.Count; i++)
            if (c2paInstances.Contains(instances[i])) edits.Remove(segments[i].Offset, segments[i].Length);
        return edits;
    }

    /// <inheritdoc />
    public ContainerEdits InsertStore(ContainerScan scan, Stream stream, ReadOnlyMemory<byte> store, out ByteRange range)
    {
        if (store.Length < 8) throw new ArgumentException("a manifest store is at least one box header long", nameof(store));
        var edits = RemoveStore(scan, stream);
        long at = 2;
        foreach (var block in scan.Blocks.Skip(1))
        {
            if (block.Type != "APP0") break;
            at = block.Offset + block.Length;
        }
        var segmentCount = (store.Length + StoreSliceLength - 1L) / StoreSliceLength;
        var total = store.Length + segmentCount * 20L;
        if (total > Array.MaxLength)
            throw new CandorFormatException($"a manifest store of {store.Length} bytes needs {total} bytes of APP11 segments, more than Candor can write", -1, "JPEG APP11", kind: FormatErrorKind.LimitExceeded);
        var segments = new MemoryStream((int)total);
        Span<byte> header = stackalloc byte[12];
        var sequence = 1u;
        var bytes = store.Span;
        for (var pos = 0; pos < bytes.Length; pos += StoreSliceLength, sequence++)
        {
            var slice = bytes.Slice(pos, Math.Min(StoreSliceLength, bytes.Length - pos));
            var repeat = sequence > 1 ? 8 : 0;
            header[0] = 0xFF;
            header[1] = 0xEB;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(2 + 8 + repeat + slice.Length));
            "JP"u8.CopyTo(header[4..]);
            BinaryPrimitives.WriteUInt16BigEndian(header[6..], StoreInstance);
            BinaryPrimitives.WriteUInt32BigEndian(header[8..], sequence);
            segments.Write(header);
            if (repeat > 0) segments.Write(bytes[..8]);
            segments.Write(slice);
        }
        var inserted = segments.ToArray();
        var insert = edits.Insert(at, inserted);
        range = new ByteRange(edits.ResultOffset(insert), inserted.Length);
        return edits;
    }

    /// <summary>The first bytes of a segment's data (up to <paramref name="buffer"/>.Length), read at its data offset.</summary>
    private static ReadOnlySpan<byte> ReadHead(Stream stream, ContainerBlock segment, Span<byte> buffer)
    {
        var head = buffer[..(int)Math.Min(buffer.Length, segment.DataLength)];
        stream.Position = segment.DataOffset;
        StreamReading.ReadExactly(stream, head, "the APP11 JUMBF header");
        return head;
    }

    /// <summary>The En field after "JP".</summary>
    private static ushort Instance(ReadOnlySpan<byte> head) => BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
}
