using Candor.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Candor.Embeddings;

/// <summary>An <see cref="IImageEncoder"/> that runs an ONNX model (and optionally a preprocessing model before it) as an <see cref="EncoderConfig"/> describes.</summary>
internal sealed class OnnxImageEncoder : IImageEncoder
{
    private readonly EncoderConfig _config;
    private readonly OnnxModel _model;
    private readonly OnnxModel? _preprocessModel;
    private readonly ImagePreprocessor _preprocessor;
    private readonly string _input;
    private readonly string _output;
    private readonly int _maxBatch;
    private readonly long[] _itemShape;

    private OnnxImageEncoder(EncoderConfig config, OnnxModel model, OnnxModel? preprocessModel, string input, string output, int maxBatch)
    {
        _config = config;
        _model = model;
        _preprocessModel = preprocessModel;
        _preprocessor = ImagePreprocessor.From(config);
        _input = input;
        _output = output;
        _maxBatch = maxBatch;
        var size = config.ImageSize;
        _itemShape = config.Layout == TensorLayout.Nchw ? [3, size, size] : [size, size, 3];
        Info = new EncoderInfo(config.Name, config.Space, config.Dimension, "image");
    }

    public EncoderInfo Info { get; }

    /// <summary>Opens the model(s) and checks them against the configuration.</summary>
    /// <exception cref="CandorFormatException">The configuration does not fit the model (the message names the field).</exception>
    public static OnnxImageEncoder Load(EncoderConfig config, int threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Modality != EncoderModality.Image) throw Error(config, "modality", "this is not an image encoder");
        if (config.Pooling == TokenPooling.Eot) throw Error(config, "pooling", "\"eot\" is for text encoders; an image encoder takes \"none\", \"mean\" or \"cls\"");
        var model = OnnxModel.Open(config.Model, "model", threads);
        OnnxModel? preprocess = null;
        try
        {
            var input = ModelIo.Pick(config, model.InputNames, config.Input, "input", "input");
            var output = ModelIo.Pick(config, model.OutputNames, config.Output, "output", "output");
            var maxBatch = CheckImageInput(config, model.Inputs[input].Dimensions, "input");
            if (config.PreprocessModel is not null)
            {
                preprocess = OnnxModel.Open(config.PreprocessModel, "preprocessModel", threads);
                if (preprocess.InputNames.Count != 1 || preprocess.OutputNames.Count != 1)
                    throw Error(config, "preprocessModel", $"a preprocessing model has one input and one output; {preprocess.Path} has {preprocess.InputNames.Count} and {preprocess.OutputNames.Count}");
                maxBatch = Math.Min(maxBatch, CheckImageInput(config, preprocess.Inputs[preprocess.InputNames[0]].Dimensions, "preprocessModel"));
            }
            ModelIo.CheckOutput(config, model.Outputs[output].Dimensions);
            return new OnnxImageEncoder(config, model, preprocess, input, output, maxBatch);
        }
        catch
        {
            preprocess?.Dispose();
            model.Dispose();
            throw;
        }
    }

    public float[] Encode(FloatImage image) => EncodeBatch([image])[0];

    public float[][] EncodeBatch(IReadOnlyList<FloatImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var result = new float[images.Count][];
        for (var start = 0; start < images.Count; start += _maxBatch)
        {
            var count = Math.Min(_maxBatch, images.Count - start);
            var length = _preprocessor.TensorLength;
            var tensor = new float[count * length];
            if (count == 1)
                _preprocessor.Write(images[start], tensor);
            else
                Parallel.For(0, count, i => _preprocessor.Write(images[start + i], tensor.AsSpan(i * length, length)));
            var vectors = Run(tensor, count);
            Array.Copy(vectors, 0, result, start, count);
        }
        return result;
    }

    private float[][] Run(float[] tensor, int count)
    {
        long[] shape = [count, .. _itemShape];
        using var pixels = OrtValue.CreateTensorValueFromMemory(tensor, shape);
        if (_preprocessModel is null) return RunModel(pixels, count);
        using var prepared = _preprocessModel.Run([_preprocessModel.InputNames[0]], [pixels], [_preprocessModel.OutputNames[0]]);
        return RunModel(prepared[0], count);
    }

    private float[][] RunModel(OrtValue input, int count)
    {
        using var outputs = _model.Run([_input], [input], [_output]);
        return ModelIo.Vectors(_config, outputs[0], count, mask: null, lengths: null);
    }

    /// <summary>Checks a rank-4 image input against the layout and size; returns the largest batch it takes.</summary>
    private static int CheckImageInput(EncoderConfig config, int[] dims, string field)
    {
        if (dims.Length != 4) throw Error(config, field, $"the model's image input has {dims.Length} dimensions; an image input has 4 (batch, and channels, rows, columns in some order)");
        var (channels, rows, columns) = config.Layout == TensorLayout.Nchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
        if (channels > 0 && channels != 3)
            throw Error(config, "layout", $"the model's input is [{string.Join(", ", dims)}], which has {channels} channels where {config.Layout.ToString().ToUpperInvariant()} puts them; is the layout right?");
        if (rows > 0 && rows != config.ImageSize || columns > 0 && columns != config.ImageSize)
            throw Error(config, "imageSize", $"the model's input is [{string.Join(", ", dims)}] but imageSize is {config.ImageSize}");
        if (dims[0] > 1) throw Error(config, field, $"the model's batch dimension is fixed at {dims[0]}; Candor needs 1 or a free one");
        return dims[0] == 1 ? 1 : config.BatchSize;
    }

    private static CandorFormatException Error(EncoderConfig config, string field, string message) => ModelIo.Error(config, field, message);

    public void Dispose()
    {
        _model.Dispose();
        _preprocessModel?.Dispose();
    }
}
