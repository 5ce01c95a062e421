using BenchmarkDotNet.Attributes;
using Candor.Provenance;

namespace Candor.Bench;

/// <summary>Time and allocation of <see cref="Inspector.Inspect(string)"/> for each generator corpus file.</summary>
[MemoryDiagnoser]
public class InspectBenchmarks
{
    private readonly Inspector _inspector = new();

    public static IEnumerable<string> Files()
    {
        var root = Environment.GetEnvironmentVariable("CANDOR_CORPUS") ?? FindCorpus(Environment.CurrentDirectory);
        var dir = root is null ? "" : Path.Combine(root, "generators");
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order()
            : [];
    }

    // BenchmarkDotNet runs from a generated folder; the corpus sits beside the checkout.
    private static string? FindCorpus(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            var c = Path.Combine(d.FullName, "shared", "corpus");
            if (Directory.Exists(c)) return c;
        }
        return null;
    }

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = "";

    [Benchmark]
    public ProvenanceReport Inspect() => _inspector.Inspect(File);
}
