using Candor.FileSystem;

namespace Candor.Fingerprints;

/// <summary>
/// Turns what a user typed — model files and folders — into the model files to hash: a file named
/// explicitly is always kept; folders are searched recursively for <see cref="ModelLibrary.ModelExtensions"/>,
/// in ordinal order, without looping through symbolic links (see <see cref="ImagePaths"/>).
/// </summary>
public static class ModelPaths
{
    /// <summary>
    /// Expands <paramref name="inputs"/>; inputs that are neither a file nor a folder are returned in <see cref="Expansion.Missing"/>,
    /// what the folder searches skipped or could not read in <see cref="Expansion.Problems"/>. Symbolic links inside folders
    /// are followed only with <paramref name="followLinks"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static Expansion Expand(IEnumerable<string> inputs, bool followLinks = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var walk = new FolderWalk(followLinks, skipHidden: false, ct);
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input)) files.Add(input);
            else if (Directory.Exists(input)) files.AddRange(walk.Files(input, f => ModelLibrary.ModelExtensions.Contains(Path.GetExtension(f))));
            else if (!walk.Undecodable(input)) missing.Add(input);
        }
        return new Expansion(files, missing) { Problems = [.. walk.Problems] };
    }
}
