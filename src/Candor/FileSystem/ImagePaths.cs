using System.Text;
using System.Text.RegularExpressions;

namespace Candor.FileSystem;

/// <summary>
/// Turns what a user typed — files, folders (searched recursively, hidden folders skipped) and glob patterns
/// (<c>*</c>, <c>?</c>, <c>**</c>, <c>[abc]</c>) — into a sorted, de-duplicated list of image files.
/// Folders and globs keep only files with an image extension; a file named explicitly is
/// always kept (its content decides whether it is an image).
/// </summary>
public static class ImagePaths
{
    /// <summary>File extensions searched for in folders and globs.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".gif",
    };

    /// <summary>
    /// Expands <paramref name="inputs"/>; inputs that match nothing are returned in <see cref="Expansion.Missing"/>, and what
    /// the folder searches skipped or could not read (links not followed, FIFOs, unreadable folders) in
    /// <see cref="Expansion.Problems"/>. Symbolic links inside folders are followed only with <paramref name="followLinks"/>;
    /// no folder is searched twice, so links that loop end. <paramref name="ct"/> stops a long search.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static Expansion Expand(IEnumerable<string> inputs, bool followLinks = false, CancellationToken ct = default) =>
        Expand(inputs, new FolderWalk(followLinks, skipHidden: true, ct));

    /// <summary>Expands with a given walk: tests inject folder listings that fail.</summary>
    internal static Expansion Expand(IEnumerable<string> inputs, FolderWalk walk)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var input in inputs)
        {
            var before = (files.Count, walk.Problems.Count);
            if (File.Exists(input))
            {
                if (walk.Claim(input)) files.Add(input);
                continue;
            }
            if (Directory.Exists(input)) Add(walk.Files(input, IsImageName));
            else if (walk.Undecodable(input)) continue;
            else if (input.IndexOfAny(['*', '?', '[']) >= 0) Add(Glob(input, walk));
            if ((files.Count, walk.Problems.Count) == before) missing.Add(input);
        }
        return new Expansion(files, missing) { Problems = [.. walk.Problems] };

        void Add(IEnumerable<string> found)
        {
            foreach (var f in found) files.Add(f);
        }
    }

    /// <summary>True when the name has an image extension.</summary>
    public static bool IsImageName(string path) => ImageExtensions.Contains(Path.GetExtension(path));

    private static IEnumerable<string> Glob(string pattern, FolderWalk walk)
    {
        var normalized = pattern.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedCount = 0;
        while (fixedCount < parts.Length - 1 && parts[fixedCount].IndexOfAny(['*', '?', '[']) < 0) fixedCount++;
        var root = fixedCount == 0 ? (normalized.StartsWith('/') ? "/" : ".") : string.Join('/', parts[..fixedCount]);
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return [];
        var regex = new Regex("^" + ToRegex(parts[fixedCount..]) + "$", RegexOptions.CultureInvariant);
        var recurse = parts.Skip(fixedCount).Count() > 1 || normalized.Contains("**", StringComparison.Ordinal);
        string Relative(string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
        return walk.Files(root, file => IsImageName(file) && regex.IsMatch(Relative(file)), recurse)
            .Select(file => fixedCount == 0 && root == "." ? Relative(file) : file);
    }

    private static string ToRegex(string[] segments)
    {
        var sb = new StringBuilder();
        for (var s = 0; s < segments.Length; s++)
        {
            var seg = segments[s];
            if (seg == "**")
            {
                sb.Append(s == segments.Length - 1 ? ".*" : "(?:.*/)?");
                continue;
            }
            for (var i = 0; i < seg.Length; i++)
            {
                var c = seg[i];
                switch (c)
                {
                    case '*': sb.Append("[^/]*"); break;
                    case '?': sb.Append("[^/]"); break;
                    case '[':
                        var end = seg.IndexOf(']', i + 1);
                        if (end < 0) { sb.Append(@"\["); break; }
                        var set = seg[(i + 1)..end];
                        sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                        i = end;
                        break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }
            if (s < segments.Length - 1) sb.Append('/');
        }
        return sb.ToString();
    }
}
