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

    /// <summary>Decodes a whole PNG, JPEG or WebP file.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="applyOrientation">Turn the pixels upright according to the EXIF Orientation tag (see <see cref="Orientation"/>).</param>
    /// <exception cref="CandorFormatException">The data is none of the three formats, or is corrupt, truncated or too large.</exception>
    /// <exception cref="NotSupportedException">The file is an animated WebP.</exception>
    /// <exception cref="InvalidOperationException">libturbojpeg0 or libwebp7 is not installed.</exception>
    public static FloatImage Decode(ReadOnlySpan<byte> data, bool applyOrientation = true)
    {
        RgbaImage rgba;
        if (data.StartsWith(PngSignature))
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            rgba = PngDecoder.Decode(stream);
        }
        else if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            rgba = JpegCodec.Decode(data);
        }
        else if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            rgba = WebpDecoder.Decode(data);
        }
        else
        {
            var head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
            throw new CandorFormatException(data.IsEmpty
                ? "The image data is empty."
                : $"Not a PNG, JPEG or WebP image (starts with {head}).", 0,
                kind: data.IsEmpty ? FormatErrorKind.Truncated : FormatErrorKind.Unsupported);
        }
        var image = FloatImage.FromRgba(rgba);
        if (!applyOrientation) return image;
        var orientation = Orientation.Read(data);
        return orientation == 1 ? image : Orientation.Apply(image, orientation);
    }

    /// <summary>Reads and decodes the file at <paramref name="path"/> (see <see cref="Decode"/>).</summary>
    public static FloatImage Load(string path, bool applyOrientation = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Decode(RegularFile.ReadAllBytes(path), applyOrientation);
    }

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
