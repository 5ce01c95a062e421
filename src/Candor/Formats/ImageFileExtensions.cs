namespace Candor.Formats;

/// <summary>
/// The file-name extensions of each image format, so that a writer can refuse an output name that
/// promises another format than the bytes it would hold (a JPEG written to <c>photo.png</c>).
/// </summary>
public static class ImageFileExtensions
{
    // Each format's usual extension first.
    private static readonly (string Extension, ImageFormat Format)[] Table =
    [
        (".png", ImageFormat.Png),
        (".jpg", ImageFormat.Jpeg), (".jpeg", ImageFormat.Jpeg), (".jpe", ImageFormat.Jpeg), (".jfif", ImageFormat.Jpeg),
        (".webp", ImageFormat.WebP),
        (".tif", ImageFormat.Tiff), (".tiff", ImageFormat.Tiff),
        (".heic", ImageFormat.Heif), (".heif", ImageFormat.Heif), (".avif", ImageFormat.Heif),
        (".gif", ImageFormat.Gif),
    ];

    /// <summary>The image format <paramref name="path"/>'s extension names, or null for another extension or none.</summary>
    public static ImageFormat? FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        foreach (var (known, format) in Table)
            if (string.Equals(known, extension, StringComparison.OrdinalIgnoreCase)) return format;
        return null;
    }

    /// <summary>The extensions of <paramref name="format"/>, the usual one first (".jpg" for JPEG).</summary>
    public static IReadOnlyList<string> Of(ImageFormat format) => [.. Table.Where(e => e.Format == format).Select(e => e.Extension)];

    /// <summary>
    /// Why <paramref name="path"/> is the wrong name for a <paramref name="format"/> file — its extension
    /// names another image format — or null when it fits. An extension that names no image format is accepted.
    /// </summary>
    public static string? Mismatch(string path, ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FormatOf(path) is not { } named || named == format) return null;
        return $"{path} is named as a {Name(named)} file but the image is {Name(format)}; give it a {Name(format)} extension ({string.Join(", ", Of(format))})";
    }

    private static string Name(ImageFormat format) => ContainerRegistry.For(format).Name;
}
