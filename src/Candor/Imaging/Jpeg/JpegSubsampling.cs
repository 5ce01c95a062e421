namespace Candor.Imaging.Jpeg;

/// <summary>Chroma subsampling of an encoded JPEG (the values are TurboJPEG's TJSAMP constants).</summary>
public enum JpegSubsampling
{
    /// <summary>Full-resolution chroma.</summary>
    S444 = 0,

    /// <summary>Chroma halved horizontally.</summary>
    S422 = 1,

    /// <summary>Chroma halved in both directions (the usual camera and web setting).</summary>
    S420 = 2,

    /// <summary>Luma only: a greyscale JPEG.</summary>
    Gray = 3,
}
