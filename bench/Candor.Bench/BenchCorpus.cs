namespace Candor.Bench;

/// <summary>
/// The shared corpus for benchmarks: $CANDOR_CORPUS, else a "shared/corpus" folder in the current folder or one of its
/// parents (BenchmarkDotNet runs from a generated folder inside the checkout), else beside the program's own folders.
/// </summary>
internal static class BenchCorpus
{
    public static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("CANDOR_CORPUS");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var c = Path.Combine(d.FullName, "shared", "corpus");
                if (Directory.Exists(c)) return c;
            }
        return null;
    }

    public static string Require() => Find() ?? throw new DirectoryNotFoundException("corpus not found: set CANDOR_CORPUS");
}
