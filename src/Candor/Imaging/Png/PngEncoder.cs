using System.Buffers.Binary;
using System.IO.Compression;
using Candor.Formats;

namespace Candor.Imaging.Png;

// PNG byte layout written here (big-endian):
//
//   signature 89 50 4E 47 0D 0A 1A 0A
//   chunk = u32 length | 4-byte type | data | u32 CRC-32 of type + data
//   IHDR  u32 width | u32 height | u8 bit depth 8 | u8 colour type (0 grey, 2 RGB, 6 RGBA) | 0 | 0 | 0 (no interlace)
//   IDAT  zlib stream of rows, each a filter byte (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) then the filtered samples
//   IEND  empty

/// <summary>
/// Encodes a <see cref="FloatImage"/> as an 8-bit PNG in managed code: grey for 1 channel, RGB for 3, RGBA for 4,
/// values rounded and clamped with <see cref="FloatImage.ToByte"/>. Each row gets the filter whose output has the
/// smallest sum of absolute signed bytes (the heuristic the PNG specification recommends), and the rows go through
/// one zlib stream in a single IDAT chunk.
/// </summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Returns the PNG file for <paramref name="image"/>.</summary>
    public static byte[] Encode(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bpp = image.Channels;
        var width = image.Width;
        var rowBytes = checked(width * bpp);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        var candidates = new byte[5][];
        for (var f = 0; f < candidates.Length; f++) candidates[f] = new byte[rowBytes + 1];

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                for (var c = 0; c < bpp; c++)
                {
                    var plane = image.Planes[c];
                    var at = y * width;
                    for (int x = 0, j = c; x < width; x++, j += bpp) current[j] = FloatImage.ToByte(plane[at + x]);
                }
                zlib.Write(BestFilter(current, previous, bpp, candidates));
                (previous, current) = (current, previous);
            }
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)image.Height);
        ihdr[8] = 8;
        ihdr[9] = image.Channels switch { 1 => 0, 3 => 2, _ => 6 };
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>Filters <paramref name="row"/> five ways and returns the candidate (filter byte + data) with the least absolute sum.</summary>
    private static byte[] BestFilter(byte[] row, byte[] above, int bpp, byte[][] candidates)
    {
        var n = row.Length;
        var first = Math.Min(bpp, n);
        Span<byte> none = candidates[PngFilters.None].AsSpan(1), sub = candidates[PngFilters.Sub].AsSpan(1),
            up = candidates[PngFilters.Up].AsSpan(1), average = candidates[PngFilters.Average].AsSpan(1),
            paeth = candidates[PngFilters.Paeth].AsSpan(1);
        row.CopyTo(none);
        // With no left neighbour (a = c = 0): Sub is the byte, Average subtracts half the byte above, Paeth the byte above.
        for (var i = 0; i < first; i++)
        {
            sub[i] = row[i];
            up[i] = (byte)(row[i] - above[i]);
            average[i] = (byte)(row[i] - (above[i] >> 1));
            paeth[i] = up[i];
        }
        for (var i = first; i < n; i++)
        {
            int a = row[i - bpp], b = above[i], c = above[i - bpp];
            sub[i] = (byte)(row[i] - a);
            up[i] = (byte)(row[i] - b);
            average[i] = (byte)(row[i] - ((a + b) >> 1));
            paeth[i] = (byte)(row[i] - PngFilters.Predict(row[i - bpp], above[i], above[i - bpp]));
        }
        var best = PngFilters.None;
        var bestCost = long.MaxValue;
        for (var filter = PngFilters.None; filter <= PngFilters.Paeth; filter++)
        {
            var candidate = candidates[filter];
            candidate[0] = filter;
            var cost = 0L;
            for (var i = 1; i < candidate.Length; i++)
            {
                var signed = (sbyte)candidate[i];
                cost += signed < 0 ? -signed : signed;
            }
            if (cost < bestCost)
            {
                bestCost = cost;
                best = filter;
            }
        }
        return candidates[best];
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        type.CopyTo(head[4..]);
        png.Write(head);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc.Value);
        png.Write(tail);
    }
}
