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

    /// <summary>Expands <paramref name="inputs"/>; inputs that match nothing are returned in <see cref="Expansion.Missing"/>.</summary>
    public static Expansion Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var input in inputs)
        {
            var before = files.Count;
            if (File.Exists(input)) Add(input);
            else if (Directory.Exists(input))
            {
                foreach (var f in Directory.EnumerateFiles(input, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                             .Where(IsImageName).Order(StringComparer.Ordinal))
                    Add(f);
            }
            else if (input.IndexOfAny(['*', '?', '[']) >= 0)
            {
                foreach (var f in Glob(input).Where(IsImageName).Order(StringComparer.Ordinal)) Add(f);
            }
            if (files.Count == before && !File.Exists(input)) missing.Add(input);
        }
        return new Expansion(files, missing);

        void Add(string f)
        {
            if (seen.Add(Path.GetFullPath(f))) files.Add(f);
        }
    }

    /// <summary>True when the name has an image extension.</summary>
    public static bool IsImageName(string path) => ImageExtensions.Contains(Path.GetExtension(path));

    private static IEnumerable<string> Glob(string pattern)
    {
        var normalized = pattern.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedCount = 0;
        while (fixedCount < parts.Length - 1 && parts[fixedCount].IndexOfAny(['*', '?', '[']) < 0) fixedCount++;
        var root = fixedCount == 0 ? (normalized.StartsWith('/') ? "/" : ".") : string.Join('/', parts[..fixedCount]);
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) yield break;
        var regex = new Regex("^" + ToRegex(parts[fixedCount..]) + "$", RegexOptions.CultureInvariant);
        var recurse = parts.Skip(fixedCount).Count() > 1 || normalized.Contains("**", StringComparison.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = recurse, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (regex.IsMatch(relative)) yield return fixedCount == 0 && root == "." ? relative : file;
        }
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
