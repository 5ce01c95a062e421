namespace Candor.Imaging.Png;

/// <summary>
/// Decodes PNG images to 8-bit RGBA in managed code: every colour type (grey, RGB, palette,
/// grey + alpha, RGBA), bit depths 1–16, PLTE and tRNS transparency, and Adam7 interlacing.
/// Sixteen-bit samples keep their most significant byte and low-depth grey is scaled to 0–255,
/// as PIL's <c>convert("RGBA")</c> does. Chunk CRCs are not checked.
/// </summary>
public static class PngDecoder
{
    /// <summary>
    /// Reads a PNG from the current position of <paramref name="stream"/> (which need not be seekable) and
    /// returns its pixels. Only the chunks needed for pixels are read; the stream is left after the last
    /// image-data chunk read.
    /// </summary>
    /// <exception cref="CandorFormatException">The data is not a PNG, is truncated or corrupt, or exceeds <see cref="PngDecodeOptions.MaxPixels"/>.</exception>
    public static RgbaImage Decode(Stream stream, PngDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new PngDecoderCore(stream, options ?? PngDecodeOptions.Default).Decode();
    }

    /// <summary>
    /// Reads a PNG from the current position of <paramref name="stream"/> and averages it, row by row as it is inflated,
    /// down to a long side of at most <paramref name="maxSide"/> pixels (see <see cref="ReducedImage"/>): memory is the
    /// reduced image plus one block of scanlines, whatever the declared size. <see cref="PngDecodeOptions.MaxPixels"/>
    /// still bounds the work; <see cref="PngDecodeOptions.MaxRows"/> does not apply. EXIF orientation is not applied.
    /// </summary>
    /// <exception cref="CandorFormatException">The data is not a PNG, is truncated or corrupt, or exceeds <see cref="PngDecodeOptions.MaxPixels"/>.</exception>
    public static ReducedImage DecodeReduced(Stream stream, int maxSide, PngDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        return new PngDecoderCore(stream, options ?? PngDecodeOptions.Default).DecodeReduced(maxSide);
    }
}
