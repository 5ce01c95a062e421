namespace Candor.FileSystem;

/// <summary>
/// Creates a file that never exists, even for a moment, with wider permissions than asked and is never
/// half-written: the content goes to a temporary file with a random name in the target's folder, created
/// exclusively (O_EXCL) with its final Unix mode from the first byte (0600 for a private key), flushed to
/// disk and renamed to the target — refusing an existing target unless replacing it was asked for. On any
/// failure the temporary file is deleted and the target is left as it was.
/// </summary>
public static class ExclusiveFile
{
    /// <summary>Read and write for the owner only (0600): the mode of a private key.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Read and write for the owner, read for everyone else (0644): the mode of a certificate.</summary>
    public const UnixFileMode Readable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates <paramref name="path"/> holding <paramref name="text"/> (UTF-8) with <paramref name="mode"/> (see <see cref="Create(string, Action{Stream}, UnixFileMode, bool)"/>).</summary>
    public static void WriteAllText(string path, string text, UnixFileMode mode, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(text);
        Create(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)), mode, overwrite);
    }

    /// <summary>
    /// Creates <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given,
    /// with the Unix permission bits <paramref name="mode"/> (less the umask) from the moment the temporary file
    /// exists. A target replaced with <paramref name="overwrite"/> gets the new mode, not the old file's.
    /// </summary>
    /// <exception cref="FileExistsException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false; nothing was written.</exception>
    /// <exception cref="IOException">The folder is missing or the disk failed; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static void Create(string path, Action<Stream> write, UnixFileMode mode, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        if (!overwrite && (File.Exists(full) || Directory.Exists(full))) throw new FileExistsException(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write {full}: it has no parent folder");
        // A random name without the process id: nothing about the name of a key's temporary file can be guessed.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        AtomicFile.WriteThenMove(path, full, temp, options, write, overwrite);
    }
}
