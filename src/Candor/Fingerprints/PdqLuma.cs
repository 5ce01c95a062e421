using System.Buffers;
using Candor.FileSystem;
using Candor.Imaging;
using Candor.Imaging.Jpeg;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.Fingerprints;

/// <summary>
/// Turns images into the float luma plane PDQ hashes, the way the C++ reference's file pipeline
/// (<c>pdq/cpp/io/pdqio.cpp</c>) does: CImg decodes the file with libjpeg or libpng into 8-bit channels — 1 for a
/// greyscale file, 3 for colour, the 4 stored C, M, Y, K bytes for a CMYK JPEG — without applying the EXIF orientation;
/// any image wider or taller than 512 pixels is resized to exactly 512 × 512 by nearest neighbour (CImg's
/// <c>resize(512, 512)</c>: output x reads source ⌊x · width / 512⌋); luma is then 0.299 R + 0.587 G + 0.114 B in
/// float, or the grey value itself. Alpha is dropped (the reference stops on 2- and 4-channel PNGs; its published
/// hashes for those were made after dropping alpha). Differences left: a 16-bit PNG keeps its high byte here (CImg
/// keeps the low byte, which is noise), and WebP has no reference (CImg hands it to an external converter).
/// The planes returned are rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns them.
/// </summary>
internal static class PdqLuma
{
    /// <summary>The reference's <c>DOWNSAMPLE_DIMS</c>: larger images are resized to this square first.</summary>
    internal const int ReferenceSide = 512;

    // The reference's coefficients are floats and each product is rounded to float before the sums, so a product
    // table per channel gives the very same values.
    private static readonly float[] RedTimes = Products(0.299f);
    private static readonly float[] GreenTimes = Products(0.587f);
    private static readonly float[] BlueTimes = Products(0.114f);

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static float[] Products(float coefficient)
    {
        var table = new float[256];
        for (var v = 0; v < 256; v++) table[v] = coefficient * v;
        return table;
    }

    /// <summary>A luma plane with its size; <see cref="Pixels"/> is rented and may be longer than height × width.</summary>
    internal readonly record struct Plane(float[] Pixels, int Height, int Width);

    /// <summary>Reads the file at <paramref name="path"/> (a regular file only) into a rented buffer and decodes it with <see cref="FromEncoded"/>.</summary>
    internal static Plane FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = RegularFile.OpenRead(path, FileOptions.SequentialScan, bufferSize: 0);
        var length = stream.Length;
        if (length > ImageCodec.MaxEncodedBytes)
            throw new CandorFormatException($"The file is larger than the {ImageCodec.MaxEncodedBytes >> 20} MiB Candor reads to decode an image.", 0, kind: FormatErrorKind.LimitExceeded);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            var read = stream.ReadAtLeast(buffer.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false);
            return FromEncoded(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes a PNG, JPEG or WebP file's bytes into the reference pipeline's luma plane.</summary>
    /// <exception cref="CandorFormatException">The data is none of the three formats, or is corrupt, truncated or too large.</exception>
    internal static unsafe Plane FromEncoded(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            var (pixels, width, height, channels) = JpegCodec.DecodeNative(data, ImageCodec.DefaultMaxPixels, ArrayPool<byte>.Shared.Rent);
            try
            {
                return Sample(pixels, width, height, channels, grey: channels == 1);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }
        if (data.StartsWith(PngSignature))
        {
            RgbaImage png;
            fixed (byte* p = data)
            {
                using var stream = new UnmanagedMemoryStream(p, data.Length);
                png = PngDecoder.Decode(stream, new PngDecodeOptions { MaxPixels = ImageCodec.DefaultMaxPixels });
            }
            // IHDR colour type 0 (grey) or 4 (grey + alpha): CImg keeps one grey channel.
            var grey = data.Length > 25 && data[25] is 0 or 4;
            return Sample(png.Pixels, png.Width, png.Height, 4, grey);
        }
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            var webp = WebpDecoder.Decode(data, ImageCodec.DefaultMaxPixels);
            return Sample(webp.Pixels, webp.Width, webp.Height, 4, grey: false);
        }
        throw new CandorFormatException(data.IsEmpty
            ? "The image data is empty."
            : $"Not a PNG, JPEG or WebP image (starts with {Convert.ToHexString(data[..Math.Min(8, data.Length)])}).", 0,
            kind: data.IsEmpty ? FormatErrorKind.Truncated : FormatErrorKind.Unsupported);
    }

    /// <summary>
    /// Luma of interleaved 8-bit pixels (<paramref name="stride"/> bytes each, R G B first, or the grey value first),
    /// after the reference's nearest-neighbour resize to 512 × 512 when either side is over 512.
    /// </summary>
    private static Plane Sample(byte[] pixels, int width, int height, int stride, bool grey)
    {
        var resize = width > ReferenceSide || height > ReferenceSide;
        var outWidth = resize ? ReferenceSide : width;
        var outHeight = resize ? ReferenceSide : height;
        var luma = ArrayPool<float>.Shared.Rent(outWidth * outHeight);
        Span<int> columns = stackalloc int[outWidth];
        for (var x = 0; x < outWidth; x++) columns[x] = (int)((long)x * width / outWidth) * stride;
        var red = RedTimes;
        var green = GreenTimes;
        var blue = BlueTimes;
        for (var y = 0; y < outHeight; y++)
        {
            var source = pixels.AsSpan((int)((long)y * height / outHeight) * width * stride, width * stride);
            var target = luma.AsSpan(y * outWidth, outWidth);
            if (grey)
            {
                for (var x = 0; x < target.Length; x++) target[x] = source[columns[x]];
            }
            else
            {
                for (var x = 0; x < target.Length; x++)
                {
                    var at = columns[x];
                    target[x] = red[source[at]] + green[source[at + 1]] + blue[source[at + 2]];
                }
            }
        }
        return new Plane(luma, outHeight, outWidth);
    }

    /// <summary>
    /// The luma of a <see cref="FloatImage"/> as given (no resize): the grey plane of a 1-channel image, else
    /// 0.299 R + 0.587 G + 0.114 B in float (alpha ignored) — for whole-number pixels exactly what the reference computes.
    /// </summary>
    internal static Plane FromImage(FloatImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var n = image.PixelCount;
        var luma = ArrayPool<float>.Shared.Rent(n);
        if (image.Channels == 1)
        {
            image.Planes[0].AsSpan().CopyTo(luma);
        }
        else
        {
            var r = image.Planes[0];
            var g = image.Planes[1];
            var b = image.Planes[2];
            for (var i = 0; i < n; i++) luma[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
        return new Plane(luma, image.Height, image.Width);
    }
}
