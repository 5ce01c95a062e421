namespace Candor.Formats;

/// <summary>Kinds of <see cref="RawPayload"/>.</summary>
public enum PayloadKind
{
    /// <summary>TIFF-structured EXIF, starting at the byte-order mark.</summary>
    Exif,
    /// <summary>An XMP packet as UTF-8 text bytes.</summary>
    Xmp,
    /// <summary>IPTC-IIM datasets (already unwrapped from Photoshop 8BIM resources).</summary>
    Iptc,
    /// <summary>A C2PA manifest store: the JUMBF superbox bytes.</summary>
    C2pa,
    /// <summary>An ICC profile.</summary>
    Icc,
}
