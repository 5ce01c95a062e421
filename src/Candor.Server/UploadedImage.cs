using Candor.Formats;

namespace Candor.Server;

/// <summary>
/// One uploaded image, in memory: its bytes, the container format the library found in them (never the
/// client's content type) and a name safe to log and to return in a download.
/// </summary>
internal sealed class UploadedImage(string name, byte[] bytes, IContainerFormat format)
{
    /// <summary>The client's file name reduced to letters, digits, '.', '-' and '_', without its extension; "upload" when nothing is left.</summary>
    public string Name { get; } = name;

    /// <summary>The file's bytes.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>The container format sniffed from the bytes.</summary>
    public IContainerFormat Format { get; } = format;

    /// <summary>The usual extension of <see cref="Format"/>, with its dot (".png", ".jpg", …).</summary>
    public string Extension => ImageFileExtensions.Of(Format.ImageFormat)[0];

    /// <summary>The name with the sniffed extension, e.g. "photo.jpg".</summary>
    public string FileName => Name + Extension;

    /// <summary>A read-only stream over the bytes.</summary>
    public MemoryStream Open() => new(Bytes, writable: false);

    /// <summary>Writes the bytes into <paramref name="folder"/> under a generated name with the sniffed extension, and returns its path.</summary>
    public string WriteTo(PrivateFolder folder)
    {
        var path = folder.NewPath(Extension);
        File.WriteAllBytes(path, Bytes);
        return path;
    }
}
