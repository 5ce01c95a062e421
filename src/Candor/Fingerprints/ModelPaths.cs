using Candor.FileSystem;

namespace Candor.Fingerprints;

/// <summary>
/// Turns what a user typed — model files and folders — into the model files to hash: a file named
/// explicitly is always kept; folders are searched recursively for <see cref="ModelLibrary.ModelExtensions"/>,
/// in ordinal order.
/// </summary>
public static class ModelPaths
{
    /// <summary>Expands <paramref name="inputs"/>; inputs that are neither a file nor a folder are returned in <see cref="Expansion.Missing"/>.</summary>
    public static Expansion Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input)) files.Add(input);
            else if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => ModelLibrary.ModelExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal));
            else missing.Add(input);
        }
        return new Expansion(files, missing);
    }
}
