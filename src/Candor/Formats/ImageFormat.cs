namespace Candor.Formats;

/// <summary>
/// The container formats Candor reads, as a typed identifier: code dispatches on it, never on the
/// display name ("PNG", "JPEG", "WebP", …) that reports print (<see cref="ContainerScan.Format"/>).
/// </summary>
public enum ImageFormat
{
    /// <summary>PNG (read and written).</summary>
    Png,

    /// <summary>JPEG/JFIF/EXIF (read and written).</summary>
    Jpeg,

    /// <summary>WebP in a RIFF container (read and written).</summary>
    WebP,

    /// <summary>TIFF (read only).</summary>
    Tiff,

    /// <summary>HEIF and AVIF, ISO-BMFF (read only).</summary>
    Heif,

    /// <summary>GIF (read only).</summary>
    Gif,
}
