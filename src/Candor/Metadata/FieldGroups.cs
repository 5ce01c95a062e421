namespace Candor.Metadata;

/// <summary>The group names used in <see cref="MetadataField.Group"/>.</summary>
public static class FieldGroups
{
    /// <summary>A PNG tEXt chunk: Latin-1 keyword and text, uncompressed.</summary>
    public const string PngText = "PNG:tEXt";

    /// <summary>A PNG zTXt chunk: Latin-1 text, zlib-compressed.</summary>
    public const string PngZText = "PNG:zTXt";

    /// <summary>A PNG iTXt chunk: UTF-8 text with a language tag, optionally compressed.</summary>
    public const string PngIText = "PNG:iTXt";

    /// <summary>The first EXIF image directory (IFD0): camera make and model, software, artist, image description.</summary>
    public const string ExifIfd0 = "EXIF:IFD0";

    /// <summary>The Exif sub-IFD (pointed to by tag 0x8769 of IFD0): capture settings and UserComment, where generators write their parameters.</summary>
    public const string ExifSubIfd = "EXIF:ExifIFD";

    /// <summary>The EXIF GPS IFD (pointed to by tag 0x8825 of IFD0): location and GPS time.</summary>
    public const string ExifGps = "EXIF:GPS";

    /// <summary>The second EXIF image directory (IFD1), which describes the embedded thumbnail.</summary>
    public const string ExifIfd1 = "EXIF:IFD1";

    /// <summary>The EXIF interoperability IFD (pointed to by tag 0xA005 of the Exif IFD).</summary>
    public const string ExifInterop = "EXIF:InteropIFD";

    /// <summary>An XMP property from an XMP packet in the file, named by its path with conventional prefixes (<c>Iptc4xmpExt:DigitalSourceType</c>).</summary>
    public const string Xmp = "XMP";

    /// <summary>An IPTC-IIM dataset (the legacy IPTC record Photoshop embeds), named by its dataset name.</summary>
    public const string Iptc = "IPTC";

    /// <summary>A JPEG COM (comment) segment.</summary>
    public const string JpegComment = "JPEG:COM";

    /// <summary>A GIF comment extension block.</summary>
    public const string GifComment = "GIF:Comment";

    /// <summary>Text recovered from the least significant bits of the alpha channel (stealth_pnginfo / stealth_pngcomp).</summary>
    public const string StealthAlpha = "Stealth:alpha";
    /// <summary>Text recovered from the least significant bits of R, G and B (stealth_rgbinfo / stealth_rgbcomp).</summary>
    public const string StealthRgb = "Stealth:rgb";
    /// <summary>Standard fields read through MetadataExtractor (TIFF, HEIF/AVIF, GIF): group is "MX:" + directory name.</summary>
    public const string ExtractorPrefix = "MX:";

    /// <summary>True for the three PNG text chunk groups.</summary>
    public static bool IsPngText(string group) => group is PngText or PngZText or PngIText;

    /// <summary>True for the two hidden pixel-channel groups.</summary>
    public static bool IsStealth(string group) => group is StealthAlpha or StealthRgb;
}
