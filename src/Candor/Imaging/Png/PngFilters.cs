using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Candor.Imaging.Png;

/// <summary>
/// Reverses the five PNG scanline filters in place. Up has no dependency between bytes of a row and
/// runs on full vectors; Sub, Average and Paeth depend on the pixel to the left, so for 3- and 4-byte
/// pixels they run one pixel per 128-bit vector (all channels at once), and byte by byte otherwise.
/// </summary>
internal static class PngFilters
{
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Unfilters <paramref name="row"/> given the already unfiltered <paramref name="previous"/> row (zeros for the first) and bytes per pixel (at least 1).</summary>
    public static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case Sub: UnSub(row, bpp); break;
            case Up: UnUp(row, previous); break;
            case Average: UnAverage(row, previous, bpp); break;
            case Paeth: UnPaeth(row, previous, bpp); break;
        }
    }

    private static void UnSub(Span<byte> row, int bpp)
    {
        if (bpp == 4 && Vector128.IsHardwareAccelerated)
        {
            var left = 0u;
            var words = MemoryMarshal.Cast<byte, uint>(row[..(row.Length & ~3)]);
            for (var i = 0; i < words.Length; i++)
            {
                // Byte-wise add of two packed pixels without carries between channels.
                var sum = Vector128.CreateScalarUnsafe(words[i]).AsByte() + Vector128.CreateScalarUnsafe(left).AsByte();
                left = sum.AsUInt32().ToScalar();
                words[i] = left;
            }
            return;
        }
        for (var i = bpp; i < row.Length; i++) row[i] += row[i - bpp];
    }

    private static void UnUp(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<byte>.Count;
            for (; i + n <= row.Length; i += n)
            {
                var sum = new Vector<byte>(row[i..]) + new Vector<byte>(previous[i..]);
                sum.CopyTo(row[i..]);
            }
        }
        for (; i < row.Length; i++) row[i] += previous[i];
    }

    private static void UnAverage(Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        var first = Math.Min(bpp, row.Length);
        for (var i = 0; i < first; i++) row[i] += (byte)(previous[i] >> 1);
        for (var i = bpp; i < row.Length; i++) row[i] += (byte)((row[i - bpp] + previous[i]) >> 1);
    }

    private static void UnPaeth(Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        var first = Math.Min(bpp, row.Length);
        // With no left neighbour the predictor is the byte above.
        for (var i = 0; i < first; i++) row[i] += previous[i];
        if (bpp == 4 && Vector128.IsHardwareAccelerated)
        {
            UnPaeth4(row, previous);
            return;
        }
        for (var i = bpp; i < row.Length; i++)
            row[i] += Predict(row[i - bpp], previous[i], previous[i - bpp]);
    }

    /// <summary>Paeth for 4-byte pixels, one pixel per vector of 16-bit lanes.</summary>
    private static void UnPaeth4(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var words = MemoryMarshal.Cast<byte, uint>(row[..(row.Length & ~3)]);
        var above = MemoryMarshal.Cast<byte, uint>(previous[..(previous.Length & ~3)]);
        var a = Widen(words[0]);
        var c = Widen(above[0]);
        for (var i = 1; i < words.Length; i++)
        {
            var b = Widen(above[i]);
            var pa = Vector128.Abs(b - c);
            var pb = Vector128.Abs(a - c);
            var pc = Vector128.Abs(a + b - c - c);
            // Choose a when pa <= pb and pa <= pc; else b when pb <= pc; else c.
            var useA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
            var useB = Vector128.LessThanOrEqual(pb, pc);
            var predictor = Vector128.ConditionalSelect(useA, a, Vector128.ConditionalSelect(useB, b, c));
            var value = (Widen(words[i]) + predictor) & Vector128.Create((short)0xFF);
            words[i] = Narrow(value);
            a = value;
            c = b;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Widen(uint pixel) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(pixel).AsByte()).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Narrow(Vector128<short> value) =>
        Vector128.Narrow(value.AsUInt16(), value.AsUInt16()).AsUInt32().ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Predict(byte a, byte b, byte c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
