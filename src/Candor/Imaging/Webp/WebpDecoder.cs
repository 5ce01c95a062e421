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
    public static RgbaImage Decode(ReadOnlySpan<byte> webp, long maxPixels = 256L * 1024 * 1024) => DecodeRows(webp, int.MaxValue, maxPixels);

    /// <summary>
    /// Decodes only the first <paramref name="rows"/> rows of <paramref name="webp"/> (a whole WebP file): libwebp is asked
    /// for that crop of the image and stops decoding after the rows it covers (lossless images are decoded row by row, so
    /// the rest of the bitstream is never entropy-decoded). The result is min(<paramref name="rows"/>, height) rows high
    /// and equals the top of <see cref="Decode"/>'s image.
    /// </summary>
    /// <param name="webp">The file's bytes.</param>
    /// <param name="rows">How many rows from the top are wanted (at least 1).</param>
    /// <param name="maxPixels">Largest canvas accepted (width × height); larger ones are a format error. Default 256 Mi pixels.</param>
    /// <exception cref="CandorFormatException">The data is not a WebP, is corrupt or truncated before those rows, or is too large.</exception>
    /// <exception cref="NotSupportedException">The WebP is animated.</exception>
    /// <exception cref="InvalidOperationException">libwebp is not installed.</exception>
    public static RgbaImage DecodeTop(ReadOnlySpan<byte> webp, int rows, long maxPixels = 256L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return DecodeRows(webp, rows, maxPixels);
    }

    // libwebp decodes straight into the managed array (external memory), cropped to the wanted rows when fewer than all.
    private static unsafe RgbaImage DecodeRows(ReadOnlySpan<byte> webp, int rows, long maxPixels)
    {
        var hasAlpha = ReadContainer(webp);
        try
        {
            fixed (byte* data = webp)
            {
                var (width, height) = Dimensions(data, webp.Length, maxPixels);
                var wanted = Math.Min(rows, height);
                var rgba = GC.AllocateUninitializedArray<byte>(checked(width * wanted * 4));
                var config = stackalloc byte[LibWebp.DecoderConfigBytes];
                new Span<byte>(config, LibWebp.DecoderConfigBytes).Clear();
                if (LibWebp.WebPInitDecoderConfigInternal(config, LibWebp.DecoderAbiVersion) == 0)
                    throw new InvalidOperationException("The installed libwebp's decoder interface is not the one Candor was written against (ABI 2.x).");
                fixed (byte* output = rgba)
                {
                    LibWebp.UseExternalRgba(config, output, width * 4, rgba.Length);
                    if (wanted < height) LibWebp.CropTop(config, width, wanted);
                    var status = LibWebp.WebPDecode(data, (nuint)webp.Length, config);
                    LibWebp.WebPFreeDecBuffer(LibWebp.OutputOf(config));
                    if (status != LibWebp.StatusOk)
                        throw new CandorFormatException($"libwebp could not decode the image data (status {status}: {(status == LibWebp.StatusNotEnoughData ? "truncated" : "corrupt or unsupported")}).",
                            0, Block, kind: status == LibWebp.StatusNotEnoughData ? FormatErrorKind.Truncated : FormatErrorKind.Malformed);
                    if (LibWebp.OutputSize(config) != (width, wanted))
                        throw new CandorFormatException($"libwebp decoded {LibWebp.OutputSize(config)} where {width}×{wanted} was asked for.", 0, Block);
                }
                return new RgbaImage(width, wanted, rgba, hasAlpha);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libwebp7 is not installed: apt-get install libwebp7", e);
        }
    }

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
