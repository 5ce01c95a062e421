namespace Candor.FileSystem;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// half-written file: the bytes go to a temporary file in the target's folder, are flushed to disk,
/// and the temporary file is renamed over the target. On any failure the temporary file is deleted
/// and the target is left as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The folder does not exist, is not a folder, or the disk failed; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target may not be written.</exception>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) =>
        Write(path, stream => stream.Write(bytes.Span));

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with what <paramref name="write"/> writes to the
    /// stream it is given. When <paramref name="write"/> throws, the exception propagates and the
    /// target is untouched. A target that exists keeps its Unix permission bits.
    /// </summary>
    /// <exception cref="IOException">The folder does not exist, is not a folder, or the disk failed; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target may not be written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write {full}: it has no parent folder");
        if (Directory.Exists(full)) throw new IOException($"cannot write {full}: it is a folder");
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        FileStream stream;
        try
        {
            stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"cannot write {full}: the folder {folder} may not be written ({e.Message})", e);
        }
        catch (IOException e)
        {
            var why = File.Exists(folder) ? $"{folder} is a file, not a folder"
                : !Directory.Exists(folder) ? $"the folder {folder} does not exist"
                : $"a temporary file could not be created in {folder}";
            throw new IOException($"cannot write {full}: {why} ({e.Message})", e);
        }
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(full))
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
