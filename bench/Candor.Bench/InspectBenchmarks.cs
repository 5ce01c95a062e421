using BenchmarkDotNet.Attributes;
using Candor.Inspection;

namespace Candor.Bench;

/// <summary>Time and allocation of <see cref="Inspector.Inspect(string)"/> for each generator corpus file.</summary>
[MemoryDiagnoser]
public class InspectBenchmarks
{
    private readonly Inspector _inspector = new();

    private static readonly string Generators =
        Path.Combine(BenchCorpus.Find() ?? "", "generators");

    /// <summary>Corpus files relative to generators/, so the results table stays readable.</summary>
    public static IEnumerable<string> Files() =>
        Directory.Exists(Generators)
            ? Directory.EnumerateFiles(Generators, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(Generators, f)).Order()
            : [];

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = "";

    [Benchmark]
    public ProvenanceReport Inspect() => _inspector.Inspect(Path.Combine(Generators, File));
}
