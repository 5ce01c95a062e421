namespace Candor.FileSystem;

/// <summary>Questions about paths that the commands ask before writing.</summary>
public static class FilePaths
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> name the same file: the same full path, or, when both
    /// exist, the same file reached through a symbolic or hard link (same device and inode). Writers use it to refuse
    /// an output that would replace their input, or to treat "--out the input" as an in-place write.
    /// </summary>
    public static bool IsSameFile(string a, string b)
    {
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        if (string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal)) return true;
        return !OperatingSystem.IsWindows()
            && Posix.Stat(a, followLinks: true) is { } first && Posix.Stat(b, followLinks: true) is { } second
            && first.Identity == second.Identity;
    }
}
