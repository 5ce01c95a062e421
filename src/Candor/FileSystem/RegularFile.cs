namespace Candor.FileSystem;

/// <summary>
/// Opens input files, and only regular files: a named pipe (FIFO) would wait forever for a writer, a
/// character device such as /dev/zero never ends, and neither is an image. The kind is checked with
/// <c>stat</c> before anything is opened, so the check itself cannot hang. Every command opens its inputs here.
/// </summary>
public static class RegularFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading (following symbolic links) after checking that it is a regular file.
    /// </summary>
    /// <exception cref="IOException">It is a FIFO, a device, a socket or a folder: the message says which ("not a regular file (FIFO)").</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static FileStream OpenRead(string path, FileOptions options = FileOptions.None, int bufferSize = 64 * 1024)
    {
        Check(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
    }

    /// <summary>Reads the whole of <paramref name="path"/> after the same check as <see cref="OpenRead"/>.</summary>
    /// <exception cref="IOException">It is not a regular file, or it could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        Check(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Throws unless <paramref name="path"/> is a regular file (or a link to one); a missing file is left to the open that follows.</summary>
    /// <exception cref="IOException">It is a FIFO, a device, a socket or a folder.</exception>
    public static void Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Posix.Stat(path, followLinks: true) is { Kind: not (FileKind.Regular or FileKind.Unknown) } status)
            throw new IOException($"not a regular file ({status.KindName})");
    }
}
