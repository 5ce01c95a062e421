using System.Buffers.Binary;
using System.Text;

namespace Candor.Tests.Metadata;

/// <summary>Test-only writer of small TIFF/EXIF blocks in either byte order, with sub-IFDs and raw overrides for hostile cases.</summary>
public sealed class TiffBuilder(bool littleEndian)
{
    public sealed class Ifd
    {
        public List<(ushort Tag, ushort Type, uint Count, byte[] Data)> Entries { get; } = [];
        public Dictionary<ushort, Ifd> Children { get; } = [];
        public Ifd? Next { get; set; }
        public uint? NextOffsetOverride { get; set; }

        public Ifd Ascii(ushort tag, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\0");
            Entries.Add((tag, 2, (uint)bytes.Length, bytes));
            return this;
        }

        public Ifd Raw(ushort tag, ushort type, uint count, byte[] data)
        {
            Entries.Add((tag, type, count, data));
            return this;
        }
    }

    public bool LittleEndian => littleEndian;

    public byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(b, v); else BinaryPrimitives.WriteUInt16BigEndian(b, v);
        return b;
    }

    public byte[] U32(uint v)
    {
        var b = new byte[4];
        if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(b, v); else BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    public byte[] Rational(uint n, uint d) => [.. U32(n), .. U32(d)];

    public byte[] Build(Ifd ifd0)
    {
        var o = new List<byte>();
        o.AddRange(littleEndian ? "II"u8.ToArray() : "MM"u8.ToArray());
        o.AddRange(U16(42));
        o.AddRange(U32(8));
        Write(o, ifd0);
        return [.. o];
    }

    private void Write(List<byte> o, Ifd ifd)
    {
        var all = ifd.Entries.ToList();
        foreach (var (tag, _) in ifd.Children) all.Add((tag, 4, 1, new byte[4]));
        all.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        o.AddRange(U16((ushort)all.Count));
        var entryPositions = new List<int>();
        foreach (var e in all)
        {
            entryPositions.Add(o.Count);
            o.AddRange(U16(e.Tag)); o.AddRange(U16(e.Type)); o.AddRange(U32(e.Count));
            o.AddRange(e.Data.Length <= 4 ? [.. e.Data, .. new byte[4 - e.Data.Length]] : new byte[4]);
        }
        var nextAt = o.Count;
        o.AddRange(U32(ifd.NextOffsetOverride ?? 0));
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Data.Length <= 4 || ifd.Children.ContainsKey(all[i].Tag)) continue;
            Patch(o, entryPositions[i] + 8, (uint)o.Count);
            o.AddRange(all[i].Data);
            if ((o.Count & 1) == 1) o.Add(0);
        }
        for (var i = 0; i < all.Count; i++)
        {
            if (!ifd.Children.TryGetValue(all[i].Tag, out var child)) continue;
            Patch(o, entryPositions[i] + 8, (uint)o.Count);
            Write(o, child);
        }
        if (ifd.Next is not null)
        {
            Patch(o, nextAt, (uint)o.Count);
            Write(o, ifd.Next);
        }
    }

    private void Patch(List<byte> o, int at, uint value)
    {
        var b = U32(value);
        for (var i = 0; i < 4; i++) o[at + i] = b[i];
    }
}
