using Candor.Embeddings;

namespace Candor.Tests.Embeddings;

/// <summary>Reading encoder configurations: defaults, relative paths, and errors that name the field.</summary>
public sealed class EncoderConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-encoder-config-").FullName;

    public EncoderConfigTests()
    {
        File.WriteAllBytes(Path.Combine(_folder, "model.onnx"), [0]);
        File.WriteAllText(Path.Combine(_folder, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private CandorFormatException Fails(string json) => Assert.Throws<CandorFormatException>(() => EncoderConfig.Load(Write(json)));

    [Fact]
    public void A_minimal_image_config_gets_the_documented_defaults()
    {
        var config = EncoderConfig.Load(Write("""
            // comments are allowed
            { "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, }
            """));
        Assert.Equal(Path.Combine(_folder, "model.onnx"), config.Model);
        Assert.Equal(EncoderModality.Image, config.Modality);
        Assert.Equal(TensorLayout.Nchw, config.Layout);
        Assert.Equal(224, config.ImageSize);
        Assert.Equal(ImageResize.ShortSide, config.Resize);
        Assert.Equal(ImageInterpolation.Bicubic, config.Interpolation);
        Assert.Equal(ImageCrop.Center, config.Crop);
        Assert.Equal(1.0 / 255, config.Scale);
        Assert.Equal([0.0, 0, 0], config.Mean);
        Assert.Equal([1.0, 1, 1], config.Std);
        Assert.Equal(TokenPooling.None, config.Pooling);
        Assert.True(config.Normalize);
        Assert.Null(config.Tokenizer);
        Assert.Null(config.PreprocessModel);
    }

    [Fact]
    public void Every_field_is_read()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        File.WriteAllBytes(Path.Combine(_folder, "sub", "text.onnx"), [0]);
        var config = EncoderConfig.Load(Write("""
            { "name": "t", "space": "clip", "modality": "text", "model": "sub/text.onnx", "dimension": 512,
              "input": "ids", "output": "emb", "attentionMask": "mask", "tokenTypes": "types",
              "tokenizer": { "kind": "clip-bpe", "vocab": "vocab.txt" }, "pooling": "eot", "normalize": false,
              "batchSize": 4, "description": "d" }
            """));
        Assert.Equal(Path.Combine(_folder, "sub", "text.onnx"), config.Model);
        Assert.Equal(TokenizerKind.ClipBpe, config.Tokenizer!.Kind);
        Assert.Equal(Path.Combine(_folder, "vocab.txt"), config.Tokenizer.Vocab);
        Assert.Equal(77, config.MaxTokens);
        Assert.Equal(TokenPooling.Eot, config.Pooling);
        Assert.False(config.Normalize);
        Assert.Equal(("ids", "emb", "mask", "types"), (config.Input, config.Output, config.AttentionMask, config.TokenTypes));
        Assert.Equal(4, config.BatchSize);
        var image = EncoderConfig.Load(Write("""
            { "name": "i", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 3, "layout": "NHWC",
              "imageSize": 256, "resize": "stretch", "interpolation": "bilinear", "crop": "none", "scale": "1/127.5",
              "mean": [1, 1, 1], "std": [0.5, 0.25, 2], "preprocessModel": "model.onnx", "pooling": "cls" }
            """));
        Assert.Equal((TensorLayout.Nhwc, 256, ImageResize.Stretch, ImageInterpolation.Bilinear, ImageCrop.None),
            (image.Layout, image.ImageSize, image.Resize, image.Interpolation, image.Crop));
        Assert.Equal(1 / 127.5, image.Scale);
        Assert.Equal([0.5, 0.25, 2], image.Std);
        Assert.Equal(Path.Combine(_folder, "model.onnx"), image.PreprocessModel);
    }

    [Theory]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx" """, "not valid JSON")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{ "name": "n", "modality": "image", "model": "model.onnx", "dimension": 8 }""", "field 'space': missing")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "gone.onnx", "dimension": 8 }""", "field 'model': no file at")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": "512" }""", "field 'dimension': expected a whole number, found the string \"512\"")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 0 }""", "field 'dimension': 0 is out of range")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "imagesize": 3 }""", "field 'imagesize': unknown field; did you mean \"imageSize\"?")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "layout": "CHW" }""", "field 'layout': \"CHW\" is not one of \"NCHW\", \"NHWC\"")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "video", "model": "model.onnx", "dimension": 8 }""", "field 'modality'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "mean": [1, 2] }""", "field 'mean': expected 3 numbers")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "std": [1, 0, 1] }""", "field 'std'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "scale": "one" }""", "field 'scale'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "crop": "none" }""", "field 'crop'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "normalize": "yes" }""", "field 'normalize'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "text", "model": "model.onnx", "dimension": 8 }""", "field 'tokenizer'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "text", "model": "model.onnx", "dimension": 8, "tokenizer": { "kind": "sentencepiece", "vocab": "vocab.txt" } }""", "field 'tokenizer.kind'")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "text", "model": "model.onnx", "dimension": 8, "tokenizer": { "kind": "wordpiece", "vocab": "none.txt" } }""", "field 'tokenizer.vocab': no file")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "text", "model": "model.onnx", "dimension": 8, "tokenizer": { "kind": "wordpiece", "vocab": "vocab.txt", "case": 1 } }""", "field 'tokenizer.case': unknown field")]
    [InlineData("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8, "tokenizer": { "kind": "wordpiece", "vocab": "vocab.txt" } }""", "field 'tokenizer': an image encoder has no tokenizer")]
    public void Bad_configs_are_refused_naming_the_field(string json, string expected)
    {
        var error = Fails(json);
        Assert.Contains(expected, error.Message);
        Assert.Contains("encoder config", error.Block);
    }

    [Fact]
    public void A_missing_config_file_is_a_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => EncoderConfig.Load(Path.Combine(_folder, "absent.json")));
    }

    [Fact]
    public void A_model_that_is_not_onnx_is_refused_naming_the_field()
    {
        var path = Write("""{ "name": "n", "space": "s", "modality": "image", "model": "model.onnx", "dimension": 8 }""");
        var error = Assert.Throws<CandorFormatException>(() => Encoders.LoadImage(path));
        Assert.Contains("field 'model'", error.Message);
    }

    [Fact]
    public void A_config_that_does_not_fit_its_model_names_the_field()
    {
        var resnet = Path.Combine(Encoders.ModelsFolder, "resnet18");
        var config = EncoderConfig.Load(Path.Combine(Encoders.ModelsFolder, Encoders.DefaultImageConfig));
        Assert.Contains("field 'dimension'", Assert.Throws<CandorFormatException>(() => Encoders.LoadImage(config with { Dimension = 256 })).Message);
        Assert.Contains("field 'imageSize'", Assert.Throws<CandorFormatException>(() => Encoders.LoadImage(config with { ImageSize = 256 })).Message);
        Assert.Contains("field 'layout'", Assert.Throws<CandorFormatException>(() => Encoders.LoadImage(config with { Layout = TensorLayout.Nhwc })).Message);
        Assert.Contains("field 'output'", Assert.Throws<CandorFormatException>(() => Encoders.LoadImage(config with { Output = "logits" })).Message);
        Assert.Contains("field 'modality'", Assert.Throws<CandorFormatException>(() => Encoders.LoadText(config)).Message);
        Assert.True(Directory.Exists(resnet));
    }

    [Fact]
    public void The_shipped_configs_load_and_the_clip_examples_say_which_file_is_missing()
    {
        var models = Encoders.ModelsFolder;
        Assert.Equal(512, EncoderConfig.Load(Path.Combine(models, "resnet18.image.json")).Dimension);
        Assert.Equal(384, EncoderConfig.Load(Path.Combine(models, "minilm.text.json")).Dimension);
        foreach (var name in new[] { "clip-vit-b-32.image.json", "clip-vit-b-32.text.json" })
        {
            var path = Path.Combine(models, name);
            if (File.Exists(Path.ChangeExtension(path, ".onnx"))) continue;
            var error = Assert.Throws<CandorFormatException>(() => EncoderConfig.Load(path));
            Assert.Contains("field 'model': no file at", error.Message);
        }
    }
}
