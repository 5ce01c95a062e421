namespace Candor.Tests;

/// <summary>
/// The one way tests reach the shared corpus (../shared/corpus next to the checkout, or
/// $CANDOR_CORPUS). Tests that need it call <see cref="Require"/>, which skips with a clear
/// message when the corpus is absent instead of failing.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The corpus folder, or null when it cannot be found.</summary>
    public static string? RootOrNull => Root.Value;

    /// <summary>Absolute path of a corpus file, e.g. <c>Corpus.Path("generators/a1111/sd-webui.png")</c>; skips the test when the corpus is absent.</summary>
    public static string Path(string relative)
    {
        Require();
        var p = System.IO.Path.Combine(Root.Value!, relative);
        if (!File.Exists(p) && !Directory.Exists(p)) throw new FileNotFoundException($"Corpus file missing: {relative} (looked in {Root.Value})");
        return p;
    }

    /// <summary>Skips the calling [SkippableFact]/[SkippableTheory] when the corpus is absent.</summary>
    public static void Require() =>
        Skip.If(Root.Value is null, "shared corpus not found: expected ../shared/corpus beside the checkout or $CANDOR_CORPUS");

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CANDOR_CORPUS");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate)) return candidate;
            candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "corpus");
            if (Directory.Exists(candidate)) return System.IO.Path.GetFullPath(candidate);
        }
        return null;
    }
}
