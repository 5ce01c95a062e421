namespace Candor.Imaging.Png;

/// <summary>Limits and shortcuts for <see cref="PngDecoder.Decode"/>.</summary>
public sealed record PngDecodeOptions
{
    /// <summary>
    /// Largest image (width × height, as declared in IHDR) the decoder accepts; larger ones raise
    /// <see cref="CandorFormatException"/> before any pixel memory is allocated. Default 256 Mi pixels.
    /// </summary>
    public long MaxPixels { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// When set, only the first <c>MaxRows</c> rows are returned (an image of that height, or the full
    /// height when smaller). Non-interlaced images stop inflating after those rows, which makes peeking at
    /// the top of a large image cheap; Adam7-interlaced images are decoded fully and then cropped.
    /// </summary>
    public int? MaxRows { get; init; }

    /// <summary>
    /// Inflate the whole image data at once with libdeflate when the whole image is decoded (the default); false forces the
    /// streaming inflate, as when libdeflate is missing. Both give the same pixels; tests compare them.
    /// </summary>
    internal bool WholeBufferInflate { get; init; } = true;

    /// <summary>The default options.</summary>
    public static PngDecodeOptions Default { get; } = new();
}
