using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Candor.Imaging.Png;

/// <summary>
/// Reverses the five PNG scanline filters, reading the filtered bytes from one span and writing the
/// unfiltered row to another (the two may be the same span), so 8-bit RGBA rows unfilter straight into
/// the output image. Up has no dependency between bytes of a row and runs on full vectors. Sub and
/// Average for 4-byte pixels work on whole pixels as packed 32-bit words (byte-wise arithmetic without
/// carries between channels); Paeth for 4-byte pixels runs one pixel per 128-bit vector. Other pixel
/// sizes go byte by byte.
/// </summary>
internal static class PngFilters
{
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    private const uint LowSeven = 0x7F7F7F7F, HighBit = 0x80808080;

    /// <summary>
    /// Unfilters <paramref name="source"/> into <paramref name="row"/> (same length; may alias) given the
    /// already unfiltered <paramref name="previous"/> row (zeros for the first) and bytes per pixel (at least 1).
    /// </summary>
    public static void Unfilter(byte filter, ReadOnlySpan<byte> source, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case None:
                if (!source.Overlaps(row)) source.CopyTo(row);
                break;
            case Sub: UnSub(source, row, bpp); break;
            case Up: UnUp(source, row, previous); break;
            case Average: UnAverage(source, row, previous, bpp); break;
            case Paeth: UnPaeth(source, row, previous, bpp); break;
        }
    }

    /// <summary>Byte-wise sum of two packed 4-byte pixels, each byte wrapping modulo 256.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AddBytes(uint x, uint y) => ((x & LowSeven) + (y & LowSeven)) ^ ((x ^ y) & HighBit);

    /// <summary>Byte-wise floor((x + y) / 2) of two packed 4-byte pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AverageBytes(uint x, uint y) => (x & y) + (((x ^ y) >> 1) & LowSeven);

    private static void UnSub(ReadOnlySpan<byte> source, Span<byte> row, int bpp)
    {
        if (bpp == 4 && (row.Length & 3) == 0)
        {
            var src = MemoryMarshal.Cast<byte, uint>(source);
            var dst = MemoryMarshal.Cast<byte, uint>(row);
            var left = 0u;
            for (var i = 0; i < dst.Length; i++) dst[i] = left = AddBytes(src[i], left);
            return;
        }
        var first = Math.Min(bpp, row.Length);
        source[..first].CopyTo(row);
        for (var i = bpp; i < row.Length; i++) row[i] = (byte)(source[i] + row[i - bpp]);
    }

    private static void UnUp(ReadOnlySpan<byte> source, Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var n = Vector<byte>.Count;
            for (; i + n <= row.Length; i += n)
            {
                var sum = new Vector<byte>(source[i..]) + new Vector<byte>(previous[i..]);
                sum.CopyTo(row[i..]);
            }
        }
        for (; i < row.Length; i++) row[i] = (byte)(source[i] + previous[i]);
    }

    private static void UnAverage(ReadOnlySpan<byte> source, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        if (bpp == 4 && (row.Length & 3) == 0)
        {
            var src = MemoryMarshal.Cast<byte, uint>(source);
            var dst = MemoryMarshal.Cast<byte, uint>(row);
            var above = MemoryMarshal.Cast<byte, uint>(previous[..row.Length]);
            var left = 0u;
            for (var i = 0; i < dst.Length; i++) dst[i] = left = AddBytes(src[i], AverageBytes(left, above[i]));
            return;
        }
        var first = Math.Min(bpp, row.Length);
        for (var i = 0; i < first; i++) row[i] = (byte)(source[i] + (previous[i] >> 1));
        for (var i = bpp; i < row.Length; i++) row[i] = (byte)(source[i] + ((row[i - bpp] + previous[i]) >> 1));
    }

    private static void UnPaeth(ReadOnlySpan<byte> source, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        var first = Math.Min(bpp, row.Length);
        // With no left neighbour the predictor is the byte above.
        for (var i = 0; i < first; i++) row[i] = (byte)(source[i] + previous[i]);
        if (bpp == 4 && (row.Length & 3) == 0 && Vector128.IsHardwareAccelerated)
        {
            UnPaeth4(source, row, previous);
            return;
        }
        for (var i = bpp; i < row.Length; i++)
            row[i] = (byte)(source[i] + Predict(row[i - bpp], previous[i], previous[i - bpp]));
    }

    /// <summary>Paeth for 4-byte pixels after the first, one pixel per vector of 16-bit lanes.</summary>
    private static void UnPaeth4(ReadOnlySpan<byte> source, Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var src = MemoryMarshal.Cast<byte, uint>(source);
        var dst = MemoryMarshal.Cast<byte, uint>(row);
        var above = MemoryMarshal.Cast<byte, uint>(previous[..row.Length]);
        var a = Widen(dst[0]);
        var c = Widen(above[0]);
        var mask = Vector128.Create((short)0xFF);
        for (var i = 1; i < dst.Length; i++)
        {
            var b = Widen(above[i]);
            // pa = |b - c| does not depend on the left pixel; pc = |(a - c) + (b - c)|.
            var bc = b - c;
            var ac = a - c;
            var pa = Vector128.Abs(bc);
            var pb = Vector128.Abs(ac);
            var pc = Vector128.Abs(ac + bc);
            // Choose a when pa <= pb and pa <= pc; else b when pb <= pc; else c.
            var useA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
            var useB = Vector128.LessThanOrEqual(pb, pc);
            var predictor = Vector128.ConditionalSelect(useA, a, Vector128.ConditionalSelect(useB, b, c));
            var value = (Widen(src[i]) + predictor) & mask;
            dst[i] = Narrow(value);
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

    /// <summary>The Paeth predictor of the PNG specification.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte Predict(byte a, byte b, byte c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
