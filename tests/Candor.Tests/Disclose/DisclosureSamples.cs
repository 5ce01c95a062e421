using Candor.Disclose;
using Candor.Formats;
using Candor.Inspection;
using Candor.Metadata;

namespace Candor.Tests.Disclose;

/// <summary>The disclosure the tests write, the corpus files they write it into, and how they read it back.</summary>
public static class DisclosureSamples
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    public const string SourceType = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
    public const string DataMining = "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING";

    public static DisclosureContent Content { get; } = new()
    {
        DigitalSourceType = SourceType,
        DataMining = DataMining,
        Tools = ["darktable 5.0", "Topaz Denoise AI"],
        Actions = ["denoise (AI)", "crop", "generative fill"],
        Generator = "Candor 1.0",
    };

    /// <summary>Every PNG, JPEG and WebP of the shared corpus, recursively, in a stable order.</summary>
    public static IReadOnlyList<string> CorpusImages()
    {
        Corpus.Require();
        return Directory.EnumerateFiles(Corpus.RootOrNull!, "*", SearchOption.AllDirectories)
            .Where(p => ImageExtensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The XMP fields Candor's own reader extracts from <paramref name="file"/>.</summary>
    public static IReadOnlyList<MetadataField> XmpFields(byte[] file) =>
        MetadataExtraction.Extract(ContainerRegistry.Scan(new MemoryStream(file, writable: false))).Fields
            .Where(f => f.Group == FieldGroups.Xmp).ToList();

    /// <summary>Fails unless <paramref name="file"/> reads back as carrying <see cref="Content"/>.</summary>
    public static void AssertCarriesContent(byte[] file, string name)
    {
        var fields = XmpFields(file);
        string? Value(string key) => fields.FirstOrDefault(f => f.Name == key)?.Value;
        Assert.True(Value("Iptc4xmpExt:DigitalSourceType") == SourceType, $"{name}: DigitalSourceType read back as {Value("Iptc4xmpExt:DigitalSourceType") ?? "nothing"}");
        Assert.True(Value("plus:DataMining") == DataMining, $"{name}: DataMining read back as {Value("plus:DataMining") ?? "nothing"}");
        Assert.Equal(Content.Tools, fields.Where(f => f.Name.StartsWith("candor:Tools[", StringComparison.Ordinal)).Select(f => f.Value));
        Assert.Equal(Content.Actions, fields.Where(f => f.Name.StartsWith("candor:Actions[", StringComparison.Ordinal)).Select(f => f.Value));
        Assert.Equal("Candor 1.0", Value("candor:DisclosedBy"));
    }
}
