using System.Runtime.InteropServices;

namespace Candor.FileSystem;

/// <summary>
/// The few libc calls .NET has no API for: the kind and identity of a file (<c>statx</c>, whose
/// layout is the same on every Linux architecture), the canonical path (<c>realpath</c>) and
/// <c>chown</c>. Every call reports "unavailable" (null, false) rather than throwing on systems
/// without them, and callers fall back to what .NET can tell.
/// </summary>
internal static unsafe partial class Posix
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int EPERM = 1;
    private const int ENOSYS = 38;

    private static bool _statxMissing = OperatingSystem.IsWindows();

    /// <summary>
    /// The status of <paramref name="path"/> (of the link itself when <paramref name="followLinks"/> is false);
    /// null when nothing is there (or a link on the way is broken or loops). Without <c>statx</c> the kind comes
    /// from .NET and the identity is the full path.
    /// </summary>
    public static FileStatus? Stat(string path, bool followLinks)
    {
        if (!_statxMissing)
        {
            var buffer = stackalloc byte[256];
            try
            {
                if (statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) == 0)
                    return FromStatx(buffer);
                var errno = Marshal.GetLastPInvokeError();
                // Only a kernel without statx (ENOSYS) or a sandbox that forbids it (EPERM) falls back;
                // any other error means there is nothing usable at the path.
                if (errno is not (ENOSYS or EPERM)) return null;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
            }
            _statxMissing = true;
        }
        return Fallback(path, followLinks);
    }

    private static FileStatus FromStatx(byte* b)
    {
        var mode = *(ushort*)(b + 28);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Folder,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
        var device = ((ulong)*(uint*)(b + 136) << 32) | *(uint*)(b + 140);
        var identity = $"{device:x}:{*(ulong*)(b + 32):x}";
        return new FileStatus(kind, identity, *(uint*)(b + 20), *(uint*)(b + 24), (UnixFileMode)(mode & 0xFFF));
    }

    private static FileStatus? Fallback(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) return null;
        if (info.LinkTarget is not null)
        {
            if (!followLinks) return new FileStatus(FileKind.SymbolicLink, "path:" + Path.GetFullPath(path), 0, 0, 0);
            try
            {
                if (info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } target) return null;
                info = target;
            }
            catch (IOException)
            {
                return null;
            }
        }
        var kind = info is DirectoryInfo ? FileKind.Folder : FileKind.Unknown;
        return new FileStatus(kind, "path:" + (RealPath(info.FullName) ?? info.FullName), 0, 0, OperatingSystem.IsWindows() ? 0 : info.UnixFileMode);
    }

    /// <summary>The canonical absolute path of <paramref name="path"/>, every link resolved; null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                var resolved = realpath(path, 0);
                if (resolved == 0) return null;
                try
                {
                    return Marshal.PtrToStringUTF8(resolved);
                }
                finally
                {
                    free(resolved);
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
            }
        }
        return File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : null;
    }

    /// <summary>Gives <paramref name="path"/> to <paramref name="uid"/>:<paramref name="gid"/>; false when that failed or is unavailable.</summary>
    public static bool Chown(string path, uint uid, uint gid)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            return chown(path, uid, gid) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, uint uid, uint gid);
}
