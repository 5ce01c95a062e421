using System.Buffers.Binary;
using Candor.C2pa.Validation;
using Candor.Formats;

namespace Candor.C2pa.Signing;

// JPEG: the store is split over APP11 segments (JPEG XT / ISO 19566-5 JUMBF boxes), placed right
// after the SOI and any APP0 segments, as the reference implementation does:
//
//   FF EB | Lp u16 BE | "JP" | En u16 BE (box instance, 0x0211) | Z u32 BE (sequence, from 1)
//         | [segments 2..n: the store's 8-byte LBox + TBox again] | next slice of the store
//
// Each segment carries at most 64,000 bytes of the store. The data hash excludes all of them:
// one range from the first FF EB, Σ (2 + Lp) bytes.

/// <summary>Writes the manifest store as APP11 JUMBF segments after SOI/APP0.</summary>
internal sealed class JpegManifestEmbedding : ManifestEmbedding
{
    private const int SliceLength = 64_000;
    private const ushort Instance = 0x0211;

    public override string MimeType => "image/jpeg";

    public override void CheckIntact(byte[] asset, ContainerScan scan)
    {
        if (!scan.Blocks.Any(b => b.Type == "EOI"))
            throw new CandorFormatException("the JPEG has no EOI marker: it is truncated", asset.Length, "JPEG");
    }

    public override byte[] RemoveStore(byte[] asset, ContainerScan scan)
    {
        var segments = scan.Blocks.Where(b => b.Type == "APP11" && b.Label == "JUMBF" && b.DataLength >= 8).ToList();
        // Instances whose first segment opens a C2PA store superbox (jumb → jumd with a "c2pa" UUID).
        var c2paInstances = new HashSet<ushort>();
        foreach (var s in segments)
        {
            var data = asset.AsSpan((int)s.DataOffset, (int)s.DataLength);
            if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == 1 && data.Length >= 8 + 8 + 8 + 4 && data.Slice(24, 4).SequenceEqual("c2pa"u8))
                c2paInstances.Add(BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        }
        return Without(asset, segments
            .Where(s => c2paInstances.Contains(BinaryPrimitives.ReadUInt16BigEndian(asset.AsSpan((int)s.DataOffset + 2))))
            .Select(s => new C2paByteRange(s.Offset, s.Length)));
    }

    public override byte[] InsertStore(byte[] clean, ContainerScan cleanScan, byte[] store, out C2paByteRange range)
    {
        if (store.Length < 8) throw new ArgumentException("a manifest store is at least one box header long", nameof(store));
        long at = 2;
        foreach (var block in cleanScan.Blocks.Skip(1))
        {
            if (block.Type != "APP0") break;
            at = block.Offset + block.Length;
        }
        var segments = new MemoryStream(store.Length + (store.Length / SliceLength + 1) * 20);
        Span<byte> header = stackalloc byte[12];
        var sequence = 1u;
        for (var pos = 0; pos < store.Length; pos += SliceLength, sequence++)
        {
            var slice = store.AsSpan(pos, Math.Min(SliceLength, store.Length - pos));
            var repeat = sequence > 1 ? 8 : 0;
            header[0] = 0xFF;
            header[1] = 0xEB;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(2 + 8 + repeat + slice.Length));
            "JP"u8.CopyTo(header[4..]);
            BinaryPrimitives.WriteUInt16BigEndian(header[6..], Instance);
            BinaryPrimitives.WriteUInt32BigEndian(header[8..], sequence);
            segments.Write(header);
            if (repeat > 0) segments.Write(store, 0, 8);
            segments.Write(slice);
        }
        var bytes = segments.ToArray();
        range = new C2paByteRange(at, bytes.Length);
        return Inserted(clean, at, bytes);
    }
}
