using System.Buffers.Binary;

namespace Candor.Tests.C2pa;

/// <summary>
/// Test-only: lifts the C2PA JUMBF bytes out of a corpus file without the container readers.
///   PNG   8-byte signature, then chunks: length u32 BE | type | data | CRC; the store is the data of "caBX".
///   JPEG  segments FF xx | Lp u16 BE | …; APP11 (FFEB) = "JP" | En u16 | Z u32 | data; the store is the
///         concatenated data of the segments with the first one's En, segments after the first repeating
///         the 8-byte LBox/TBox (dropped). Scanning stops at SOS.
///   WebP  "RIFF" | size u32 LE | "WEBP" | chunks: fourcc | size u32 LE | data | pad to even; the store is "C2PA".
///   .c2pa a raw store.
/// </summary>
internal static class EmbeddedStore
{
    /// <summary>The JUMBF store bytes, or null when the file carries none.</summary>
    public static byte[]? Find(byte[] file)
    {
        if (file.Length >= 8 && file.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return FromPng(file);
        if (file.Length >= 2 && file[0] == 0xFF && file[1] == 0xD8) return FromJpeg(file);
        if (file.Length >= 12 && file.AsSpan(0, 4).SequenceEqual("RIFF"u8) && file.AsSpan(8, 4).SequenceEqual("WEBP"u8)) return FromWebp(file);
        if (file.Length >= 8 && file.AsSpan(4, 4).SequenceEqual("jumb"u8)) return file;
        return null;
    }

    private static byte[]? FromPng(byte[] file)
    {
        for (var pos = 8; pos + 12 <= file.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos));
            if (file.AsSpan(pos + 4, 4).SequenceEqual("caBX"u8)) return file.AsSpan(pos + 8, length).ToArray();
            pos += 12 + length;
        }
        return null;
    }

    private static byte[]? FromJpeg(byte[] file)
    {
        var store = new List<byte>();
        int? instance = null;
        for (var pos = 2; pos + 4 <= file.Length;)
        {
            if (file[pos] != 0xFF) return null;
            var marker = file[pos + 1];
            if (marker == 0xDA || marker == 0xD9) break;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF) { pos += marker == 0xFF ? 1 : 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(pos + 2));
            if (marker == 0xEB && length >= 10 && file[pos + 4] == 'J' && file[pos + 5] == 'P')
            {
                var en = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(pos + 6));
                var data = file.AsSpan(pos + 12, length - 10);
                if (instance is null) { instance = en; store.AddRange(data.ToArray()); }
                else if (instance == en) store.AddRange(data[8..].ToArray());
            }
            pos += 2 + length;
        }
        return store.Count > 0 ? store.ToArray() : null;
    }

    private static byte[]? FromWebp(byte[] file)
    {
        for (var pos = 12; pos + 8 <= file.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4));
            if (file.AsSpan(pos, 4).SequenceEqual("C2PA"u8)) return file.AsSpan(pos + 8, size).ToArray();
            pos += 8 + size + (size & 1);
        }
        return null;
    }
}
