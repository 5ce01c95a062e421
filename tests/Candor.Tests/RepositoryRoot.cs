namespace Candor.Tests;

/// <summary>The checkout the tests were built from: the first folder above the test assembly that holds Candor.slnx.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Candor.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Candor.slnx not found above the test assembly");
    });

    /// <summary>Absolute path of <paramref name="relative"/> inside the checkout.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);
}
