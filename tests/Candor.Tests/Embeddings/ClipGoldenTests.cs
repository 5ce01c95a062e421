using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Embeddings;
using Candor.Imaging;

namespace Candor.Tests.Embeddings;

/// <summary>
/// The clip-golden set: 7 photos and OpenAI CLIP ViT-B/32's embeddings of them, made by clip-retrieval (see
/// corpus/datasets/SOURCES.md). With a CLIP image model at hand, Candor's preprocessing and ONNX run must reproduce them.
/// </summary>
public sealed partial class ClipGoldenTests
{
    /// <summary>A float32 little-endian C-order .npy file: its shape and values.</summary>
    internal static (int[] Shape, float[] Values) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'], bytes[..6]);
        var major = bytes[6];
        var (headerLength, headerStart) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        Assert.Matches(@"'descr':\s*'<f4'", header);
        Assert.Matches(@"'fortran_order':\s*False", header);
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, d) => a * d);
        var data = bytes.AsSpan(headerStart + headerLength);
        Assert.Equal(count * 4, data.Length);
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
        return (shape, values);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    private static (string[] Names, float[][] Rows) Golden()
    {
        var names = File.ReadAllLines(Corpus.Path("datasets/clip-golden/order.txt")).Where(l => l.Length > 0).ToArray();
        var (shape, values) = ReadNpy(Corpus.Path("datasets/clip-golden/embeddings.npy"));
        Assert.Equal([names.Length, 512], shape);
        return (names, [.. Enumerable.Range(0, names.Length).Select(i => values[(i * 512)..((i + 1) * 512)])]);
    }

    /// <summary>The CLIP ViT-B/32 image configuration to test with, or null when there is no model here.</summary>
    private static string? ClipImageConfig()
    {
        var configured = Environment.GetEnvironmentVariable("CANDOR_CLIP_IMAGE_CONFIG");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var shipped = Path.Combine(Encoders.ModelsFolder, "clip-vit-b-32.image.json");
        return File.Exists(Path.Combine(Encoders.ModelsFolder, "clip-vit-b-32.image.onnx")) ? shipped : null;
    }

    [SkippableFact]
    public void Golden_embeddings_are_what_the_sources_say()
    {
        // Checks the reader on the facts corpus/datasets/SOURCES.md states, so the comparison below reads them right.
        var (names, rows) = Golden();
        Assert.Equal(["123_456.jpg", "208_495.jpg", "321_421.jpg", "389_535.jpg", "416_264.jpg", "456_123.jpg", "524_316.jpg"], names);
        foreach (var row in rows) Assert.InRange(EmbeddingAssert.Norm(row), 0.9999, 1.0004);
        var best = (Cosine: 0.0, A: -1, B: -1);
        for (var i = 0; i < rows.Length; i++)
            for (var j = i + 1; j < rows.Length; j++)
            {
                var cosine = EmbeddingAssert.Cosine(rows[i], rows[j]);
                Assert.InRange(cosine, 0.45, 0.87);
                if (cosine > best.Cosine) best = (cosine, i, j);
            }
        Assert.Equal(("123_456.jpg", "456_123.jpg"), (names[best.A], names[best.B]));
        Assert.Equal(0.869, best.Cosine, 3);
    }

    [SkippableFact]
    public void Clip_vit_b_32_reproduces_the_golden_image_embeddings()
    {
        var config = ClipImageConfig();
        Skip.If(config is null, "no CLIP ViT-B/32 ONNX model here: set CANDOR_CLIP_IMAGE_CONFIG=/path/to/clip-vit-b-32.image.json (see docs/search.md)");
        var (names, rows) = Golden();
        using var encoder = Encoders.LoadImage(config);
        Assert.Equal(512, encoder.Info.Dimension);
        var folder = Corpus.Path("datasets/clip-golden/images");
        var vectors = encoder.EncodeBatch([.. names.Select(n => ImageCodec.Load(Path.Combine(folder, n)))]);
        for (var i = 0; i < names.Length; i++)
        {
            var cosine = EmbeddingAssert.Cosine(rows[i], vectors[i]);
            Assert.True(cosine >= 0.99, $"{names[i]}: cosine {cosine:F4} with the reference embedding");
        }
    }
}
