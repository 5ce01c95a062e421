using System.Buffers.Binary;
using Candor.FileSystem;
using Candor.Imaging.Jpeg;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.Imaging;

/// <summary>
/// Reads and writes PNG, JPEG and WebP as <see cref="FloatImage"/>: the format is recognised from the first bytes when
/// decoding and from the file extension when saving. Decoded images have 4 channels when the file has alpha, else 3.
/// </summary>
public static class ImageCodec
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Largest image (width × height) decoded by default: 256 Mi pixels, e.g. 16384 × 16384 (1 GiB as 8-bit RGBA).</summary>
    public const long DefaultMaxPixels = 256L * 1024 * 1024;

    /// <summary>
    /// Largest file read into memory to be decoded: 1 GiB. A WebP is read only as far as its RIFF size says; a PNG is
    /// streamed by <see cref="DecodeReduced"/> and never read whole there.
    /// </summary>
    public const long MaxEncodedBytes = 1L << 30;

    /// <summary>Decodes a whole PNG, JPEG or WebP file.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="applyOrientation">Turn the pixels upright according to the EXIF Orientation tag (see <see cref="Orientation"/>).</param>
    /// <param name="maxPixels">Largest image (width × height) accepted; a larger one raises <see cref="CandorFormatException"/> of kind <see cref="FormatErrorKind.LimitExceeded"/> before pixel memory is allocated.</param>
    /// <exception cref="CandorFormatException">The data is none of the three formats, or is corrupt, truncated or too large.</exception>
    /// <exception cref="NotSupportedException">The file is an animated WebP.</exception>
    /// <exception cref="InvalidOperationException">libturbojpeg0 or libwebp7 is not installed.</exception>
    public static FloatImage Decode(ReadOnlySpan<byte> data, bool applyOrientation = true, long maxPixels = DefaultMaxPixels)
    {
        var image = FloatImage.FromRgba(DecodeRgba(data, maxPixels));
        if (!applyOrientation) return image;
        var orientation = Orientation.Read(data);
        return orientation == 1 ? image : Orientation.Apply(image, orientation);
    }

    /// <summary>Reads and decodes the file at <paramref name="path"/> (see <see cref="Decode"/>); at most <see cref="MaxEncodedBytes"/> are read.</summary>
    public static FloatImage Load(string path, bool applyOrientation = true, long maxPixels = DefaultMaxPixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = Open(path);
        return Decode(ReadEncoded(stream), applyOrientation, maxPixels);
    }

    /// <summary>
    /// Decodes an image straight to a working resolution whose long side is at most <paramref name="maxSide"/> (see
    /// <see cref="ReducedImage"/>), upright by its EXIF orientation. A PNG is averaged row by row as it is inflated, so
    /// its memory is the reduced image's whatever its size; a JPEG or WebP is decoded whole (4 bytes a pixel) and then
    /// reduced. Images over <see cref="DefaultMaxPixels"/> are refused.
    /// </summary>
    /// <exception cref="CandorFormatException">The data is none of the three formats, or is corrupt, truncated or too large.</exception>
    /// <exception cref="NotSupportedException">The file is an animated WebP.</exception>
    /// <exception cref="InvalidOperationException">libturbojpeg0 or libwebp7 is not installed.</exception>
    public static ReducedImage DecodeReduced(Stream stream, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        if (!stream.CanSeek)
        {
            using var buffered = new MemoryStream(ReadEncoded(stream), writable: false);
            return DecodeReduced(buffered, maxSide);
        }
        var start = stream.Position;
        Span<byte> head = stackalloc byte[8];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        ReducedImage reduced;
        if (head[..n].SequenceEqual(PngSignature))
        {
            reduced = PngDecoder.DecodeReduced(stream, maxSide);
        }
        else
        {
            reduced = BoxReducer.Reduce(DecodeRgba(ReadEncoded(stream), DefaultMaxPixels), maxSide);
        }
        stream.Position = start;
        var orientation = Orientation.Read(stream);
        if (orientation == 1) return reduced;
        var turned = orientation >= 5;
        return new ReducedImage(Orientation.Apply(reduced.Image, orientation), reduced.Factor,
            turned ? reduced.SourceHeight : reduced.SourceWidth, turned ? reduced.SourceWidth : reduced.SourceHeight);
    }

    /// <summary>Opens the file at <paramref name="path"/> and decodes it with <see cref="DecodeReduced"/>.</summary>
    public static ReducedImage LoadReduced(string path, int maxSide)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = Open(path);
        return DecodeReduced(stream, maxSide);
    }

    // Only regular files: a FIFO or a device is refused before it is opened (RegularFile).
    private static FileStream Open(string path) => RegularFile.OpenRead(path, FileOptions.SequentialScan);

    private static RgbaImage DecodeRgba(ReadOnlySpan<byte> data, long maxPixels)
    {
        if (data.StartsWith(PngSignature))
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            return PngDecoder.Decode(stream, new PngDecodeOptions { MaxPixels = maxPixels });
        }
        if (IsJpeg(data)) return JpegCodec.Decode(data, maxPixels);
        if (IsWebp(data)) return WebpDecoder.Decode(data, maxPixels);
        throw NotAnImage(data);
    }

    private static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    private static bool IsWebp(ReadOnlySpan<byte> data) => data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8);

    private static CandorFormatException NotAnImage(ReadOnlySpan<byte> data)
    {
        var head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
        return new CandorFormatException(data.IsEmpty
            ? "The image data is empty."
            : $"Not a PNG, JPEG or WebP image (starts with {head}).", 0,
            kind: data.IsEmpty ? FormatErrorKind.Truncated : FormatErrorKind.Unsupported);
    }

    /// <summary>
    /// Reads a file to be decoded from the stream's position, never more than the format can hold: a stream that does
    /// not start like an image is refused after 12 bytes, a WebP is read up to its RIFF size, anything else up to
    /// <see cref="MaxEncodedBytes"/> (so an endless device cannot fill the memory).
    /// </summary>
    private static byte[] ReadEncoded(Stream stream)
    {
        var head = new byte[12];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head.AsSpan(0, n);
        var webp = IsWebp(start);
        if (!start.StartsWith(PngSignature) && !IsJpeg(start) && !webp) throw NotAnImage(start);
        var limit = webp ? Math.Min(MaxEncodedBytes, 8L + BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4))) : MaxEncodedBytes;
        if (stream.CanSeek)
        {
            var size = stream.Length - stream.Position + n;
            if (size > limit && !webp) throw TooLarge();
            var bytes = new byte[Math.Min(size, limit)];
            start.CopyTo(bytes);
            stream.ReadExactly(bytes, n, bytes.Length - n);
            return bytes;
        }
        var output = new MemoryStream();
        output.Write(start);
        var buffer = new byte[1 << 16];
        while (output.Length < limit)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - output.Length));
            if (read == 0) return output.ToArray();
            output.Write(buffer, 0, read);
        }
        // At the limit: a WebP's RIFF data is complete (anything after it is not part of the image); another format is too large.
        if (webp || stream.Read(buffer, 0, 1) == 0) return output.ToArray();
        throw TooLarge();
    }

    private static CandorFormatException TooLarge() =>
        new($"The file is larger than the {MaxEncodedBytes >> 20} MiB Candor reads to decode an image.", 0, kind: FormatErrorKind.LimitExceeded);

    /// <summary>
    /// Encodes <paramref name="image"/> by the extension of <paramref name="path"/> (.png, .jpg/.jpeg, .webp; any case) and
    /// writes it through a temporary file beside the target that is then renamed over it (<see cref="AtomicFile"/>).
    /// </summary>
    /// <param name="image">The pixels.</param>
    /// <param name="path">Target file.</param>
    /// <param name="quality">JPEG quality (1–100) or lossy WebP quality (0–100); ignored for PNG.</param>
    /// <exception cref="ArgumentException">The extension is not one of the three.</exception>
    public static void Save(FloatImage image, string path, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => PngEncoder.Encode(image),
            ".jpg" or ".jpeg" => JpegCodec.Encode(image, quality),
            ".webp" => WebpEncoder.Encode(image, quality),
            var other => throw new ArgumentException($"Cannot save '{path}': the extension '{other}' is not .png, .jpg, .jpeg or .webp.", nameof(path)),
        };
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
