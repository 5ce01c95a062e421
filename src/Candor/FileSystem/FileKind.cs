namespace Candor.FileSystem;

/// <summary>What a path names on disk, as <c>stat</c> tells it.</summary>
internal enum FileKind
{
    /// <summary>A regular file: the only kind Candor opens.</summary>
    Regular,
    /// <summary>A folder.</summary>
    Folder,
    /// <summary>A symbolic link (only seen when links are not followed).</summary>
    SymbolicLink,
    /// <summary>A named pipe: opening it waits for a writer, reading it waits for data.</summary>
    Fifo,
    /// <summary>A character device such as /dev/zero, which never ends.</summary>
    CharacterDevice,
    /// <summary>A block device (a disk).</summary>
    BlockDevice,
    /// <summary>A Unix domain socket.</summary>
    Socket,
    /// <summary>The platform could not say (no <c>statx</c>); treated as a regular file.</summary>
    Unknown,
}
