using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Candor.FileSystem;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// half-written file: the bytes go to a temporary file in the target's folder, are flushed to disk,
/// and the temporary file is renamed over the target. On any failure the temporary file is deleted
/// and the target is left as it was.
/// </summary>
/// <remarks>
/// The temporary file is named <c>.NAME.candor-PID-RANDOM.tmp</c> and held under an exclusive lock while it is
/// written. A process killed outright (kill -9, power loss) cannot delete it, so the first write of a process into
/// a folder deletes the temporary files of that naming whose process is gone and whose lock nobody holds. A target
/// that is a symbolic link is written through: its final target is replaced and the link stays a link. A target that
/// exists keeps its permission bits, and its owner and group when the process runs as root.
/// </remarks>
public static partial class AtomicFile
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The folder does not exist, is not a folder, or the disk failed; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target may not be written.</exception>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) =>
        Write(path, stream => stream.Write(bytes.Span));

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> (through a symbolic link, its final target) with what
    /// <paramref name="write"/> writes to the stream it is given. When <paramref name="write"/> throws, the exception
    /// propagates and the target is untouched. A target that exists keeps its Unix permission bits (and its owner, as root).
    /// </summary>
    /// <exception cref="IOException">The folder does not exist, is not a folder, links loop, or the disk failed; the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the target may not be written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = FinalTarget(Path.GetFullPath(path));
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write {full}: it has no parent folder");
        if (Directory.Exists(full)) throw new IOException($"cannot write {full}: it is a folder");
        if (Swept.TryAdd(folder, true)) RemoveStaleTemporaries(folder);
        var temp = Path.Combine(folder, TemporaryName(Path.GetFileName(full), Environment.ProcessId));
        // FileShare.None takes an exclusive lock (flock on Unix): the sweep of another process leaves the file alone.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 64 * 1024 };
        WriteThenMove(path, full, temp, options, write, replace: true, beforeMove: () =>
        {
            if (!OperatingSystem.IsWindows() && Posix.Stat(full, followLinks: false) is { Kind: FileKind.Regular } original)
            {
                // chown first: it clears set-user-ID bits that the mode then restores.
                if (Environment.IsPrivilegedProcess) Posix.Chown(temp, original.Uid, original.Gid);
                File.SetUnixFileMode(temp, original.Mode);
            }
        });
    }

    /// <summary>
    /// The one temporary-file-and-rename of the project (also behind <see cref="ExclusiveFile"/>): creates
    /// <paramref name="temp"/> in the target's folder with <paramref name="options"/>, lets <paramref name="write"/> fill it,
    /// flushes it to disk, runs <paramref name="beforeMove"/> and renames it to <paramref name="full"/> — over an existing
    /// file only when <paramref name="replace"/> is true. On any failure the temporary file is deleted.
    /// </summary>
    /// <exception cref="FileExistsException"><paramref name="full"/> exists and <paramref name="replace"/> is false.</exception>
    internal static void WriteThenMove(string path, string full, string temp, FileStreamOptions options, Action<Stream> write, bool replace, Action? beforeMove = null)
    {
        var folder = Path.GetDirectoryName(full)!;
        FileStream stream;
        try
        {
            stream = new FileStream(temp, options);
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
            beforeMove?.Invoke();
            try
            {
                File.Move(temp, full, replace);
            }
            catch (IOException) when (!replace && File.Exists(full))
            {
                throw new FileExistsException(path);
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The temporary file's name for <paramref name="name"/>, written by process <paramref name="pid"/>.</summary>
    internal static string TemporaryName(string name, int pid) =>
        string.Create(CultureInfo.InvariantCulture, $".{name}.candor-{pid}-{Guid.NewGuid().ToString("N")[..12]}.tmp");

    /// <summary>The file a write to <paramref name="full"/> replaces: the final target when it is a symbolic link.</summary>
    private static string FinalTarget(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        try
        {
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write {full}: its symbolic links cannot be resolved ({e.Message})", e);
        }
    }

    /// <summary>Deletes the temporary files in <paramref name="folder"/> left by Candor processes that are gone.</summary>
    internal static void RemoveStaleTemporaries(string folder)
    {
        List<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(folder, ".*.candor-*.tmp").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var temp in candidates)
        {
            var match = TemporaryPattern().Match(Path.GetFileName(temp));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
                continue;
            try
            {
                // A writer in another PID namespace looks dead from here but still holds its lock.
                using var held = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.candor-([0-9]+)-[0-9a-f]{12}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryPattern();
}
