namespace Candor.FileSystem;

/// <summary>
/// A file Candor was asked to create already exists and replacing it was not asked for. Raised
/// before anything is written, so the existing file is unchanged. Front ends name the option that
/// allows the replacement.
/// </summary>
public sealed class FileExistsException : IOException
{
    /// <summary>Reports that <paramref name="path"/> exists.</summary>
    public FileExistsException(string path)
        : base($"{path} already exists; not replacing it")
    {
        Path = path;
    }

    /// <summary>The file that exists.</summary>
    public string Path { get; }
}
