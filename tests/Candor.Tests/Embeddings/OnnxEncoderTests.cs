using Candor.Embeddings;
using Candor.Imaging;

namespace Candor.Tests.Embeddings;

/// <summary>The generic encoders on tiny hand-built ONNX models whose outputs can be worked out by hand.</summary>
public sealed class OnnxEncoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-onnx-encoder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// "pixels" [N, 4, 4, 3] (NHWC, free batch) → ReduceMean over rows and columns → "colour" [N, 3]: the mean of each
    /// channel of the model input.
    /// </summary>
    private void WriteMeanColourModel() =>
        File.WriteAllBytes(Path.Combine(_folder, "mean-colour.onnx"), TinyOnnx.Model(
            [TinyOnnx.Node("ReduceMean", ["pixels"], ["colour"], TinyOnnx.IntsAttribute("axes", 1, 2), TinyOnnx.IntAttribute("keepdims", 0))],
            [],
            [TinyOnnx.ValueInfo("pixels", TinyOnnx.Float, -1, 4, 4, 3)],
            [TinyOnnx.ValueInfo("colour", TinyOnnx.Float, -1, 3)]));

    /// <summary>
    /// "ids" int32 [N, 8] → "hidden" [N, 8, 2] where hidden[n, t] = (ids[n, 0] + … + ids[n, t], t + 1): a token's vector
    /// says how many tokens precede it and what they add up to, so each pooling gives a distinct, computable result.
    /// </summary>
    private void WriteRunningSumModel() =>
        File.WriteAllBytes(Path.Combine(_folder, "running-sum.onnx"), TinyOnnx.Model(
            [
                TinyOnnx.Node("Cast", ["ids"], ["x"], TinyOnnx.IntAttribute("to", TinyOnnx.Float)),
                TinyOnnx.Node("Mul", ["x", "zero"], ["x0"]),
                TinyOnnx.Node("Add", ["x0", "one"], ["ones"]),
                TinyOnnx.Node("CumSum", ["x", "axis"], ["sums"]),
                TinyOnnx.Node("CumSum", ["ones", "axis"], ["counts"]),
                TinyOnnx.Node("Unsqueeze", ["sums", "last"], ["sums3"]),
                TinyOnnx.Node("Unsqueeze", ["counts", "last"], ["counts3"]),
                TinyOnnx.Node("Concat", ["sums3", "counts3"], ["hidden"], TinyOnnx.IntAttribute("axis", 2)),
            ],
            [
                TinyOnnx.Initializer("zero", [0f]), TinyOnnx.Initializer("one", [1f]),
                TinyOnnx.Initializer("axis", [1L]), TinyOnnx.Initializer("last", [2L], 1),
            ],
            [TinyOnnx.ValueInfo("ids", TinyOnnx.Int32, -1, 8)],
            [TinyOnnx.ValueInfo("hidden", TinyOnnx.Float, -1, 8, 2)]));

    private static float[] Unit(params double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => (float)(x / norm))];
    }

    [Fact]
    public void An_nhwc_model_with_a_free_batch_gets_normalised_pixels_in_batches()
    {
        WriteMeanColourModel();
        var config = Write("colour.json", """
            { "name": "colour", "space": "test-colour", "modality": "image", "model": "mean-colour.onnx", "dimension": 3,
              "layout": "NHWC", "imageSize": 4, "resize": "stretch", "crop": "none", "scale": "1/255",
              "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.5, 1], "batchSize": 2 }
            """);
        using var encoder = Encoders.LoadImage(config, threads: 1);
        Assert.Equal(new EncoderInfo("colour", "test-colour", 3, "image"), encoder.Info);
        float[][] colours = [[255, 0, 51], [0, 255, 102], [51, 102, 255], [255, 255, 255], [0, 0, 0]];
        var images = colours.Select(c =>
        {
            var image = new FloatImage(9, 5, 3);
            for (var ch = 0; ch < 3; ch++) Array.Fill(image.Planes[ch], c[ch]);
            return image;
        }).ToArray();
        var vectors = encoder.EncodeBatch(images);
        for (var i = 0; i < images.Length; i++)
        {
            var c = colours[i];
            var expected = Unit((c[0] / 255.0 - 0.5) / 0.25, (c[1] / 255.0 - 0.5) / 0.5, c[2] / 255.0 - 0.5);
            EmbeddingAssert.Close(expected, vectors[i], 1e-6);
            EmbeddingAssert.Close(vectors[i], encoder.Encode(images[i]), 1e-6);
        }
    }

    [Theory]
    [InlineData("eot")]
    [InlineData("mean")]
    [InlineData("cls")]
    public void A_clip_style_text_model_gets_bpe_ids_padded_to_its_length_and_pools_as_configured(string pooling)
    {
        WriteRunningSumModel();
        Write("merges.txt", "#version: 0.2\nc a\nca t</w>\n");
        var config = Write("text.json", $$"""
            { "name": "sums", "space": "test-sums", "modality": "text", "model": "running-sum.onnx", "dimension": 2,
              "input": "ids", "tokenizer": { "kind": "clip-bpe", "vocab": "merges.txt" }, "pooling": "{{pooling}}" }
            """);
        using var encoder = Encoders.LoadText(config, threads: 1);
        // With these 2 merges: a</w> 320, cat</w> 513, start 514, end 515. "a cat a cat a cat" is cut to the model's 8.
        long[][] ids = [[514, 513, 515], [514, 320, 513, 515], [514, 320, 513, 320, 513, 320, 513, 515]];
        string[] texts = ["cat", "a cat", "a cat a cat a cat a cat"];
        var vectors = encoder.EncodeBatch(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var tokens = ids[i];
            var running = tokens.Select((_, t) => (double)tokens.Take(t + 1).Sum()).ToArray();
            var expected = pooling switch
            {
                "eot" => Unit(running[^1], tokens.Length),
                "cls" => Unit(tokens[0], 1),
                _ => Unit(running.Average(), Enumerable.Range(1, tokens.Length).Average()),
            };
            EmbeddingAssert.Close(expected, vectors[i], 1e-6);
            EmbeddingAssert.Close(encoder.Encode(texts[i]), vectors[i], 1e-6);
        }
    }

    [Fact]
    public void A_model_input_the_config_does_not_feed_is_named()
    {
        WriteRunningSumModel();
        Write("merges.txt", "#version: 0.2\nc a\n");
        var config = Write("text.json", """
            { "name": "sums", "space": "s", "modality": "text", "model": "running-sum.onnx", "dimension": 2,
              "input": "token_ids", "tokenizer": { "kind": "clip-bpe", "vocab": "merges.txt" }, "pooling": "eot" }
            """);
        var error = Assert.Throws<CandorFormatException>(() => Encoders.LoadText(config));
        Assert.Contains("field 'input': the model has no input \"token_ids\"; it has \"ids\"", error.Message);
        var noPooling = Write("flat.json", """
            { "name": "sums", "space": "s", "modality": "text", "model": "running-sum.onnx", "dimension": 2,
              "input": "ids", "tokenizer": { "kind": "clip-bpe", "vocab": "merges.txt" } }
            """);
        Assert.Contains("field 'dimension'", Assert.Throws<CandorFormatException>(() => Encoders.LoadText(noPooling)).Message);
    }
}
