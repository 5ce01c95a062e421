using Candor.Formats;
using Candor.Formats.Webp;
using Candor.Generators;
using Candor.Imaging;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;
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
    /// The context the generator parsers see for this file, built as the inspector builds it: the
    /// extracted fields, the container format, and pixels decoded on demand (PNG, with a cheap
    /// first-rows peek, and lossless still WebP; nothing for other formats).
    /// </summary>
    public static GeneratorContext Context(string path)
    {
        var scan = Scan(path);
        var fields = MetadataExtraction.Extract(scan).Fields;
        Func<int, RgbaImage?>? peek = scan.Format == "PNG" ? rows => DecodePng(path, rows) : null;
        return new GeneratorContext(fields, () => DecodePixels(path, scan), scan.Format, peek);
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

    private static RgbaImage DecodePng(string path, int maxRows)
    {
        using var stream = File.OpenRead(path);
        return PngDecoder.Decode(stream, new PngDecodeOptions { MaxRows = maxRows });
    }

    private static RgbaImage? DecodePixels(string path, ContainerScan scan) => scan.Format switch
    {
        "PNG" => DecodePng(path, int.MaxValue),
        "WebP" when WebpFormat.IsLossless(scan) && !scan.Blocks.Any(b => b.Type == "ANIM") => WebpDecoder.Decode(File.ReadAllBytes(path)),
        _ => null,
    };
}
