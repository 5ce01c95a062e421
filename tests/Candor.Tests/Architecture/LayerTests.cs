using System.Text.RegularExpressions;

namespace Candor.Tests.Architecture;

/// <summary>
/// Keeps the library's folders layered as docs/architecture.md draws them: a folder may use
/// folders of lower layers only, and no two folders may reach each other through any path.
/// Dependencies are read from the sources (every <c>using Candor.X</c> and every qualified
/// <c>Candor.X.</c> name, doc comments included), so a reference cannot hide in a method body.
/// </summary>
public sealed partial class LayerTests
{
    // The layers, bottom first. A new top-level folder must be placed here (and in docs/architecture.md).
    private static readonly string[][] Layers =
    [
        ["Provenance"],
        ["Consent", "Cryptography", "FileSystem", "Metadata"],
        ["Formats"],
        ["Datasets", "Imaging"],
        ["C2pa", "Darktable", "Embeddings", "Fingerprints", "Generators", "Watermark"],
        ["Index", "Inspection"],
        ["Disclose", "Registry", "Search"],
        ["Curation"],
    ];

    [GeneratedRegex(@"(?:using\s+(?:static\s+)?Candor\.(?<f>[A-Za-z0-9]+))|(?:\bCandor\.(?<f>[A-Z][A-Za-z0-9]+)\.)")]
    private static partial Regex CandorReference();

    private static Dictionary<string, SortedSet<string>> Graph()
    {
        var root = RepositoryRoot.Path("src/Candor");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).Select(n => n!).ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
                foreach (Match m in CandorReference().Matches(File.ReadAllText(file)))
                {
                    var target = m.Groups["f"].Value;
                    if (target != folder && folders.Contains(target)) graph[folder].Add(target);
                }
        return graph;
    }

    [Fact]
    public void Every_folder_has_a_layer()
    {
        var placed = Layers.SelectMany(l => l).ToHashSet();
        var unplaced = Graph().Keys.Where(f => !placed.Contains(f)).ToList();
        Assert.True(unplaced.Count == 0, $"place these folders in a layer (LayerTests.Layers and docs/architecture.md): {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void Folders_depend_only_on_lower_layers()
    {
        var layerOf = Layers.SelectMany((l, i) => l.Select(f => (f, i))).ToDictionary(p => p.f, p => p.i);
        var upward = Graph().SelectMany(e => e.Value.Select(t => (from: e.Key, to: t)))
            .Where(e => layerOf.TryGetValue(e.from, out var a) && layerOf.TryGetValue(e.to, out var b) && b >= a)
            .Select(e => $"{e.from} -> {e.to}").ToList();
        Assert.True(upward.Count == 0, $"dependencies that point up or sideways: {string.Join("; ", upward)}");
    }

    [Fact]
    public void No_dependency_cycle_between_folders()
    {
        var graph = Graph();
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"dependency cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Cycle_finder_reports_a_cycle()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = [],
        };
        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
        graph["C"].Clear();
        Assert.Null(FindCycle(graph));
    }

    [Fact]
    public void The_shared_model_depends_on_no_other_folder() =>
        Assert.Empty(Graph()["Provenance"]);

    // Depth-first search; returns the first cycle found as a path that starts and ends at the same folder.
    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }
}
