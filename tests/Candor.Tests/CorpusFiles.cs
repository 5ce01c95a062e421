using Candor.Formats;
using Candor.Generators;
using Candor.Inspection;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Tests;

/// <summary>
/// The one way tests read corpus files: through the product's own readers (container scan,
/// metadata extraction, pixel decoders), so a test sees exactly what <c>candor inspect</c> sees.
/// Paths come from <see cref="Corpus.Path"/>.
/// </summary>
public static class CorpusFiles
{
    /// <summary>The container scan of the file at <paramref name="path"/>.</summary>
    public static ContainerScan Scan(string path) => ContainerRegistry.Scan(path);

    /// <summary>Every decoded field of the file, in file order, as <see cref="MetadataExtraction"/> gives them.</summary>
    public static IReadOnlyList<MetadataField> Fields(string path) => MetadataExtraction.Extract(Scan(path)).Fields;

    /// <summary>
    /// The context the generator parsers see for this file, built by the inspector's own factory:
    /// the extracted fields, the container format, and pixels decoded on demand.
    /// </summary>
    public static GeneratorContext Context(string path)
    {
        var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
        var scan = ContainerRegistry.Scan(stream);
        return Inspector.CreateContext(stream, scan, MetadataExtraction.Extract(scan).Fields, new InspectOptions());
    }

    /// <summary>The one payload of <paramref name="kind"/> the file carries; fails the test when there is none.</summary>
    public static RawPayload Payload(string path, PayloadKind kind) =>
        FindPayload(path, kind) ?? throw new Xunit.Sdk.XunitException($"{Path.GetFileName(path)} carries no {kind} payload");

    /// <summary>
    /// The first payload of <paramref name="kind"/> the file carries, or null. A <c>.c2pa</c> sidecar
    /// is a bare manifest store, so it is its own C2PA payload.
    /// </summary>
    public static RawPayload? FindPayload(string path, PayloadKind kind)
    {
        if (kind == PayloadKind.C2pa && path.EndsWith(".c2pa", StringComparison.OrdinalIgnoreCase))
            return new RawPayload(kind, File.ReadAllBytes(path), new Evidence("C2PA sidecar", Offset: 0));
        return Scan(path).Payloads.FirstOrDefault(p => p.Kind == kind);
    }
}
