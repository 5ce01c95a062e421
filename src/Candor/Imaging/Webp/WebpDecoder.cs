using System.Buffers.Binary;

namespace Candor.Imaging.Webp;

// WebP byte layout checked here before libwebp sees the data (RIFF, little-endian):
//
//   "RIFF" | u32 size | "WEBP" | chunks: 4-byte FourCC | u32 size | data (padded to even)
//   VP8X (extended)  u8 flags (0x10 alpha, 0x02 animation) | 3 reserved | u24 width-1 | u24 height-1
//   VP8L (lossless)  0x2F | 32 bits LE: 14 width-1, 14 height-1, 1 alpha used, 3 version
//   VP8  (lossy)     no alpha
//   ANIM/ANMF        animation (not decoded)

/// <summary>
/// Decodes still WebP images to 8-bit RGBA through Debian's libwebp (<c>libwebp.so.7</c>, package libwebp7).
/// Animated WebP files are not decoded: <see cref="Decode"/> and <see cref="DecodeTop"/> throw <see cref="NotSupportedException"/> for them.
/// </summary>
public static class WebpDecoder
{
    private const string Block = "WebP";

    /// <summary>Decodes <paramref name="webp"/> (a whole WebP file).</summary>
    /// <param name="webp">The file's bytes.</param>
    /// <param name="maxPixels">Largest canvas accepted (width × height); larger ones are a format error. Default 256 Mi pixels.</param>
    /// <exception cref="CandorFormatException">The data is not a WebP, is corrupt, or is too large.</exception>
    /// <exception cref="NotSupportedException">The WebP is animated.</exception>
    /// <exception cref="InvalidOperationException">libwebp is not installed.</exception>
    public static unsafe RgbaImage Decode(ReadOnlySpan<byte> webp, long maxPixels = 256L * 1024 * 1024)
    {
        var hasAlpha = ReadContainer(webp);
        try
        {
            fixed (byte* data = webp)
            {
                var (width, height) = Dimensions(data, webp.Length, maxPixels);
                var decoded = LibWebp.WebPDecodeRGBA(data, (nuint)webp.Length, out var decodedWidth, out var decodedHeight);
                if (decoded is null) throw new CandorFormatException("libwebp could not decode the image data (corrupt or truncated).", 0, Block);
                (width, height) = (decodedWidth, decodedHeight);
                try
                {
                    var rgba = new byte[(long)width * height * 4];
                    new ReadOnlySpan<byte>(decoded, rgba.Length).CopyTo(rgba);
                    return new RgbaImage(width, height, rgba, hasAlpha);
                }
                finally
                {
                    LibWebp.WebPFree(decoded);
                }
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libwebp7 is not installed: apt-get install libwebp7", e);
        }
    }

    /// <summary>
    /// Decodes only the first <paramref name="rows"/> rows of <paramref name="webp"/> (a whole WebP file) with libwebp's
    /// incremental decoder, feeding it the file in growing pieces (16 KiB, then doubling) and stopping as soon as those
    /// rows are available, so the rest of the bitstream is never decoded. The result is min(<paramref name="rows"/>, height)
    /// rows high and equals the top of <see cref="Decode"/>'s image.
    /// </summary>
    /// <param name="webp">The file's bytes.</param>
    /// <param name="rows">How many rows from the top are wanted (at least 1).</param>
    /// <param name="maxPixels">Largest canvas accepted (width × height); larger ones are a format error. Default 256 Mi pixels.</param>
    /// <exception cref="CandorFormatException">The data is not a WebP, is corrupt or truncated before those rows, or is too large.</exception>
    /// <exception cref="NotSupportedException">The WebP is animated.</exception>
    /// <exception cref="InvalidOperationException">libwebp is not installed.</exception>
    public static unsafe RgbaImage DecodeTop(ReadOnlySpan<byte> webp, int rows, long maxPixels = 256L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var hasAlpha = ReadContainer(webp);
        try
        {
            fixed (byte* data = webp)
            {
                var (width, height) = Dimensions(data, webp.Length, maxPixels);
                var wanted = Math.Min(rows, height);
                var decoder = LibWebp.WebPINewRGB(LibWebp.ModeRgba, null, 0, 0);
                if (decoder == 0) throw new InvalidOperationException("libwebp could not create an incremental decoder.");
                try
                {
                    var fed = 0;
                    var piece = FirstPiece;
                    while (true)
                    {
                        fed = (int)Math.Min(webp.Length, (long)fed + piece);
                        piece *= 2;
                        var status = LibWebp.WebPIUpdate(decoder, data, (nuint)fed);
                        if (status is not (LibWebp.StatusOk or LibWebp.StatusSuspended))
                            throw new CandorFormatException($"libwebp could not decode the image data (status {status}: corrupt or unsupported).", 0, Block);
                        var decoded = LibWebp.WebPIDecGetRGB(decoder, out var lastY, out var decodedWidth, out var decodedHeight, out var stride);
                        if (decoded is not null && lastY >= wanted)
                        {
                            if (decodedWidth != width || decodedHeight != height || stride < width * 4)
                                throw new CandorFormatException($"libwebp decoded {decodedWidth}×{decodedHeight} where the headers say {width}×{height}.", 0, Block);
                            return CopyRows(decoded, width, wanted, stride, hasAlpha);
                        }
                        if (fed == webp.Length)
                            throw new CandorFormatException($"The image data ends before row {wanted} (truncated or corrupt).", 0, Block, kind: FormatErrorKind.Truncated);
                    }
                }
                finally
                {
                    LibWebp.WebPIDelete(decoder);
                }
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libwebp7 is not installed: apt-get install libwebp7", e);
        }
    }

    // First piece handed to the incremental decoder; each later piece doubles, so a file costs O(log n) calls.
    private const int FirstPiece = 16 * 1024;

    // The canvas size from the headers, checked against the pixel limit before anything is decoded.
    private static unsafe (int Width, int Height) Dimensions(byte* data, int length, long maxPixels)
    {
        if (LibWebp.WebPGetInfo(data, (nuint)length, out var width, out var height) == 0)
            throw new CandorFormatException("libwebp cannot read the WebP headers.", 0, Block);
        CheckSize(width, height, maxPixels);
        return (width, height);
    }

    private static void CheckSize(int width, int height, long maxPixels)
    {
        var pixels = (long)width * height;
        if (width <= 0 || height <= 0 || pixels > maxPixels || pixels * 4 > Array.MaxLength)
            throw new CandorFormatException($"Image is {width}×{height} = {pixels} pixels, over the limit of {maxPixels}.", 0, Block, kind: FormatErrorKind.LimitExceeded);
    }

    private static unsafe RgbaImage CopyRows(byte* decoded, int width, int rows, int stride, bool hasAlpha)
    {
        var rowBytes = width * 4;
        var rgba = GC.AllocateUninitializedArray<byte>(rowBytes * rows);
        for (var y = 0; y < rows; y++)
            new ReadOnlySpan<byte>(decoded + (long)y * stride, rowBytes).CopyTo(rgba.AsSpan(y * rowBytes, rowBytes));
        return new RgbaImage(width, rows, rgba, hasAlpha);
    }

    /// <summary>Checks the RIFF header, rejects animations, and tells whether the image declares alpha.</summary>
    private static bool ReadContainer(ReadOnlySpan<byte> webp)
    {
        if (webp.Length < 20 || !webp[..4].SequenceEqual("RIFF"u8) || !webp.Slice(8, 4).SequenceEqual("WEBP"u8))
            throw new CandorFormatException("Not a WebP file: no RIFF/WEBP header.", 0, Block);
        var at = 12;
        var first = true;
        var hasAlpha = false;
        while (at + 8 <= webp.Length)
        {
            var fourCc = webp.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(webp[(at + 4)..]);
            if (size > (uint)(webp.Length - at - 8)) throw new CandorFormatException("A chunk runs past the end of the file.", at, Block, kind: FormatErrorKind.Truncated);
            var data = webp.Slice(at + 8, (int)size);
            if (first && fourCc.SequenceEqual("VP8X"u8))
            {
                if (data.Length < 10) throw new CandorFormatException("VP8X chunk is shorter than 10 bytes.", at, Block);
                if ((data[0] & 0x02) != 0) throw new NotSupportedException("Animated WebP is not decoded by Candor; only still images are.");
                hasAlpha = (data[0] & 0x10) != 0;
            }
            else if (fourCc.SequenceEqual("ANIM"u8) || fourCc.SequenceEqual("ANMF"u8))
            {
                throw new NotSupportedException("Animated WebP is not decoded by Candor; only still images are.");
            }
            else if (first && fourCc.SequenceEqual("VP8L"u8) && data.Length >= 5)
            {
                hasAlpha = ((BinaryPrimitives.ReadUInt32LittleEndian(data[1..]) >> 28) & 1) != 0;
            }
            first = false;
            at += 8 + (int)size + (int)(size & 1);
        }
        return hasAlpha;
    }
}
