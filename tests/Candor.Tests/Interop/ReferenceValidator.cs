using System.Diagnostics;
using System.Text.Json;

namespace Candor.Tests.Interop;

/// <summary>
/// Runs the reference C2PA validator (<c>node tests/interop/validate.mjs</c>, c2pa-rs 0.91.3 in
/// WebAssembly) on files and returns its verdicts. One Node process validates all the files of a
/// call, so batch files into one call. Tests using it skip, with the reason, when Node or the
/// interop packages are missing (<c>scripts/setup.sh --tests</c>, run by <c>scripts/test.sh</c>,
/// installs the packages).
/// </summary>
public static class ReferenceValidator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<string?> InteropFolder = new(FindInteropFolder);
    private static readonly Lazy<string?> Problem = new(FindProblem);

    /// <summary>Skips the calling [SkippableFact]/[SkippableTheory] when the reference cannot run here.</summary>
    public static void Require() => Skip.If(Problem.Value is not null, Problem.Value);

    /// <summary>
    /// The reference's verdict on each of <paramref name="files"/>, in the same order. Skips the test
    /// when the reference cannot run; fails it when the script itself fails.
    /// </summary>
    /// <param name="files">Paths of JPEG, PNG or WebP files (a <c>.c2pa</c> file is read as a bare manifest store).</param>
    /// <param name="anchorsPem">Trust anchors: a PEM file's path, or PEM text itself; null for none.</param>
    public static IReadOnlyList<ReferenceVerdict> Validate(IEnumerable<string> files, string? anchorsPem = null)
    {
        Require();
        var paths = files.Select(Path.GetFullPath).ToList();
        if (paths.Count == 0) return [];
        string? anchorsFile = null;
        var temporaryAnchors = false;
        if (anchorsPem is not null)
        {
            temporaryAnchors = anchorsPem.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
            anchorsFile = temporaryAnchors ? Path.Combine(Path.GetTempPath(), $"candor-anchors-{Guid.NewGuid():N}.pem") : Path.GetFullPath(anchorsPem);
            if (temporaryAnchors) File.WriteAllText(anchorsFile, anchorsPem);
        }
        try
        {
            var arguments = new List<string> { "validate.mjs" };
            if (anchorsFile is not null) arguments.AddRange(["--anchors", anchorsFile]);
            arguments.AddRange(paths);
            var lines = RunNode(arguments);
            if (lines.Count != paths.Count)
                throw new Xunit.Sdk.XunitException($"validate.mjs printed {lines.Count} verdicts for {paths.Count} files:\n{string.Join('\n', lines)}");
            return lines.Select(Parse).ToList();
        }
        finally
        {
            if (temporaryAnchors) File.Delete(anchorsFile!);
        }
    }

    /// <summary>The reference's verdict on one file; prefer the batch overload for several.</summary>
    public static ReferenceVerdict Validate(string file, string? anchorsPem = null) => Validate([file], anchorsPem)[0];

    private static ReferenceVerdict Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IReadOnlyList<string> Codes(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];
        return new ReferenceVerdict(
            Text("file") ?? throw new Xunit.Sdk.XunitException($"validate.mjs printed a verdict without a file: {line}"),
            Text("state"),
            Codes("failures"),
            Codes("informational"),
            Codes("ingredient_failures"),
            Text("error"),
            root.TryGetProperty("ms", out var ms) ? ms.GetDouble() : double.NaN);
    }

    private static List<string> RunNode(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropFolder.Value!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"validate.mjs did not finish within {Timeout.TotalMinutes} minutes");
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new Xunit.Sdk.XunitException($"validate.mjs failed ({process.ExitCode}): {error.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static string? FindInteropFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "validate.mjs"))) return candidate;
        }
        return null;
    }

    private static string? FindProblem()
    {
        if (InteropFolder.Value is not { } folder) return "tests/interop/validate.mjs not found above the test assembly";
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@contentauth", "c2pa-wasm")))
            return "the reference C2PA validator is not installed: run scripts/setup.sh --tests (npm ci in tests/interop)";
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            return node.ExitCode == 0 ? null : "node --version failed: Node.js 20 or later is needed for the reference C2PA validator";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on PATH: Node.js 20 or later is needed for the reference C2PA validator";
        }
    }
}
