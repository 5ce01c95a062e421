namespace Candor.FileSystem;

/// <summary>
/// What <c>stat</c> says of a path: its <see cref="Kind"/>, an <see cref="Identity"/> that is the same for
/// every name of one file or folder ("device:inode", or the canonical path where the platform has no inodes),
/// its owner and its permission bits.
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, string Identity, uint Uid, uint Gid, UnixFileMode Mode)
{
    /// <summary>How the kind reads in a message: "FIFO", "character device", ….</summary>
    public string KindName => Kind switch
    {
        FileKind.Regular => "regular file",
        FileKind.Folder => "folder",
        FileKind.SymbolicLink => "symbolic link",
        FileKind.Fifo => "FIFO",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Socket => "socket",
        _ => "file of unknown kind",
    };
}
