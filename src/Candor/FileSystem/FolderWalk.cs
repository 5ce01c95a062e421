namespace Candor.FileSystem;

/// <summary>
/// Searches folders for files without ever looping or leaving the tree unasked. Every folder is entered once,
/// by identity (device and inode), so a link back up the tree ends the path instead of repeating it forever.
/// Symbolic links are not followed unless asked: one pointing inside the tree leads to what the search reaches
/// anyway and is passed over silently; one pointing outside (or nowhere) is reported once. Hidden entries
/// (names starting with a dot) are skipped when asked, and only regular files are listed — a FIFO or device
/// with a wanted name is reported instead. One walk may search several roots; a file reached twice is listed once.
/// </summary>
internal sealed class FolderWalk(bool followLinks, bool skipHidden, CancellationToken ct, Func<string, IEnumerable<string>>? listFolder = null)
{
    private const char Replacement = '\uFFFD';
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly List<PathProblem> _problems = [];
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Func<string, IEnumerable<string>> _list = listFolder ?? Directory.EnumerateFileSystemEntries;

    /// <summary>What the searches so far skipped or could not read.</summary>
    public IReadOnlyList<PathProblem> Problems => _problems;

    /// <summary>
    /// The files under <paramref name="root"/> whose path <paramref name="wanted"/> accepts, in ordinal order;
    /// with <paramref name="recurse"/> false, only those directly in it. Problems go to <see cref="Problems"/>.
    /// </summary>
    public List<string> Files(string root, Func<string, bool> wanted, bool recurse = true)
    {
        var found = new List<string>();
        var tree = Posix.RealPath(root) ?? Path.GetFullPath(root);
        if (Posix.Stat(root, followLinks: true) is { } rootStatus) _folders.Add(rootStatus.Identity);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var path in List(folder))
            {
                ct.ThrowIfCancellationRequested();
                var name = Path.GetFileName(path);
                if (skipHidden && name.StartsWith('.')) continue;
                if (Posix.Stat(path, followLinks: false) is not { } status)
                {
                    // Listed a moment ago, gone now: either it was removed meanwhile, or .NET decoded a name that
                    // is not UTF-8 into one it cannot open.
                    Undecodable(path);
                    continue;
                }
                if (status.Kind == FileKind.SymbolicLink && !Follow(path, tree, ref status, wanted, recurse)) continue;
                switch (status.Kind)
                {
                    case FileKind.Folder:
                        if (recurse && _folders.Add(status.Identity)) pending.Push(path);
                        break;
                    case FileKind.Regular or FileKind.Unknown:
                        if (wanted(path) && _files.Add(status.Identity)) found.Add(path);
                        break;
                    default:
                        if (wanted(path)) Report(path, $"not a regular file ({status.KindName})", failed: false);
                        break;
                }
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Marks a file named by the user as listed, so that a folder search does not list it again; false when it already was.</summary>
    public bool Claim(string file) =>
        _files.Add(Posix.Stat(file, followLinks: true)?.Identity ?? "path:" + Path.GetFullPath(file));

    /// <summary>
    /// True (and reported) when <paramref name="path"/>, which cannot be found, holds the replacement character:
    /// .NET decodes a name that is not UTF-8 that way, and the decoded name opens nothing.
    /// </summary>
    public bool Undecodable(string path)
    {
        if (!path.Contains(Replacement)) return false;
        Report(path, "its name is not valid UTF-8 (the bytes shown as \uFFFD), which .NET cannot open; rename it", failed: true);
        return true;
    }

    /// <summary>
    /// Whether to go through the link at <paramref name="path"/>; when so, <paramref name="status"/> becomes its target's.
    /// A link skipped is reported only when its target would have been searched or listed.
    /// </summary>
    private bool Follow(string path, string tree, ref FileStatus status, Func<string, bool> wanted, bool recurse)
    {
        if (Posix.Stat(path, followLinks: true) is not { } target)
        {
            if (wanted(path)) Report(path, "a broken symbolic link (its target does not exist); skipped", failed: false);
            return false;
        }
        if (followLinks)
        {
            status = target;
            return true;
        }
        var real = Posix.RealPath(path);
        var inside = real is not null && (real == tree || real.StartsWith(tree.EndsWith('/') ? tree : tree + "/", StringComparison.Ordinal));
        if (!inside && (target.Kind == FileKind.Folder ? recurse : wanted(path)))
            Report(path, $"a symbolic link to {real}, outside the folder searched; not followed (--follow-links follows it)", failed: false);
        return false;
    }

    private IEnumerable<string> List(string folder)
    {
        try
        {
            // Listed whole before anything is entered, so that an error while reading the folder is one report.
            return _list(folder).ToList();
        }
        catch (UnauthorizedAccessException)
        {
            Report(folder, "cannot be read: permission denied", failed: true);
        }
        catch (IOException e)
        {
            Report(folder, $"cannot be read: {e.Message}", failed: true);
        }
        return [];
    }

    private void Report(string path, string message, bool failed)
    {
        if (_reported.Add(path)) _problems.Add(new PathProblem(path, message, failed));
    }
}
