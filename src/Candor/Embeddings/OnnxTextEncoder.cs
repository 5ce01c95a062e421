using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Candor.Embeddings;

/// <summary>
/// An <see cref="ITextEncoder"/> that tokenizes, runs an ONNX model on token ids (with an attention mask and zero token
/// types when the model takes them) and pools its output, as an <see cref="EncoderConfig"/> describes. A batch is padded
/// to its longest text, or to the model's fixed sequence length.
/// </summary>
internal sealed class OnnxTextEncoder : ITextEncoder
{
    private readonly EncoderConfig _config;
    private readonly OnnxModel _model;
    private readonly TextTokenizer _tokenizer;
    private readonly string _ids;
    private readonly string? _mask;
    private readonly string? _types;
    private readonly string _output;
    private readonly int _maxBatch;
    private readonly int _fixedLength;
    private readonly int _maxTokens;

    private OnnxTextEncoder(EncoderConfig config, OnnxModel model, TextTokenizer tokenizer, string ids, string? mask, string? types, string output, int maxBatch, int fixedLength)
    {
        _config = config;
        _model = model;
        _tokenizer = tokenizer;
        _ids = ids;
        _mask = mask;
        _types = types;
        _output = output;
        _maxBatch = maxBatch;
        _fixedLength = fixedLength;
        _maxTokens = fixedLength > 0 ? Math.Min(fixedLength, config.MaxTokens) : config.MaxTokens;
        Info = new EncoderInfo(config.Name, config.Space, config.Dimension, "text");
    }

    public EncoderInfo Info { get; }

    /// <summary>Opens the model and tokenizer and checks them against the configuration.</summary>
    /// <exception cref="CandorFormatException">The configuration does not fit the model (the message names the field).</exception>
    public static OnnxTextEncoder Load(EncoderConfig config, int threads)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Modality != EncoderModality.Text) throw ModelIo.Error(config, "modality", "this is not a text encoder");
        if (config.Tokenizer is null) throw ModelIo.Error(config, "tokenizer", "a text encoder needs a tokenizer");
        var tokenizer = TextTokenizer.Load(config.Tokenizer);
        var model = OnnxModel.Open(config.Model, "model", threads);
        try
        {
            var names = model.InputNames;
            var ids = ModelIo.Pick(config, names, config.Input ?? (names.Contains("input_ids") ? "input_ids" : null), "input", "input");
            var mask = Optional(config, names, config.AttentionMask, "attention_mask", "attentionMask");
            var types = Optional(config, names, config.TokenTypes, "token_type_ids", "tokenTypes");
            foreach (var name in names)
                if (name != ids && name != mask && name != types)
                    throw ModelIo.Error(config, "input", $"the model also takes \"{name}\", which is neither the token ids, the attention mask nor the token types");
            foreach (var name in new[] { ids, mask, types })
            {
                if (name is null) continue;
                var meta = model.Inputs[name];
                if (meta.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32))
                    throw ModelIo.Error(config, "input", $"the model's input \"{name}\" holds {meta.ElementDataType}; token inputs hold whole numbers (int64 or int32)");
                if (meta.Dimensions.Length != 2)
                    throw ModelIo.Error(config, "input", $"the model's input \"{name}\" has {meta.Dimensions.Length} dimensions; token inputs have 2 (batch, tokens)");
            }
            var dims = model.Inputs[ids].Dimensions;
            if (dims[0] > 1) throw ModelIo.Error(config, "input", $"the model's batch dimension is fixed at {dims[0]}; Candor needs 1 or a free one");
            var output = ModelIo.Pick(config, model.OutputNames, config.Output, "output", "output");
            ModelIo.CheckOutput(config, model.Outputs[output].Dimensions);
            return new OnnxTextEncoder(config, model, tokenizer, ids, mask, types, output, dims[0] == 1 ? 1 : config.BatchSize, Math.Max(dims[1], 0));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static string? Optional(EncoderConfig config, IReadOnlyList<string> names, string? configured, string usual, string field)
    {
        if (configured is null) return names.Contains(usual) ? usual : null;
        return ModelIo.Pick(config, names, configured, field, "input");
    }

    public float[] Encode(string text) => EncodeBatch([text])[0];

    public float[][] EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new long[texts.Count][];
        for (var i = 0; i < texts.Count; i++) tokens[i] = _tokenizer.Encode(texts[i] ?? throw new ArgumentException("A text is null.", nameof(texts)), _maxTokens);
        var result = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += _maxBatch)
        {
            var count = Math.Min(_maxBatch, texts.Count - start);
            var vectors = Run(tokens.AsSpan(start, count));
            Array.Copy(vectors, 0, result, start, count);
        }
        return result;
    }

    private float[][] Run(ReadOnlySpan<long[]> batch)
    {
        var count = batch.Length;
        var length = _fixedLength;
        if (length == 0)
            foreach (var ids in batch) length = Math.Max(length, ids.Length);
        var idData = new long[count * length];
        var maskData = new long[count * length];
        var lengths = new int[count];
        for (var n = 0; n < count; n++)
        {
            var ids = batch[n];
            lengths[n] = ids.Length;
            for (var t = 0; t < length; t++)
            {
                idData[n * length + t] = t < ids.Length ? ids[t] : _tokenizer.PaddingId;
                maskData[n * length + t] = t < ids.Length ? 1 : 0;
            }
        }
        long[] shape = [count, length];
        var names = new List<string>(3);
        var values = new List<OrtValue>(3);
        try
        {
            names.Add(_ids);
            values.Add(Tensor(_ids, idData, shape));
            if (_mask is not null)
            {
                names.Add(_mask);
                values.Add(Tensor(_mask, maskData, shape));
            }
            if (_types is not null)
            {
                names.Add(_types);
                values.Add(Tensor(_types, new long[count * length], shape));
            }
            using var outputs = _model.Run(names, values, [_output]);
            return ModelIo.Vectors(_config, outputs[0], count, maskData, lengths);
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    private OrtValue Tensor(string name, long[] data, long[] shape) =>
        _model.Inputs[name].ElementDataType == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)v), shape)
            : OrtValue.CreateTensorValueFromMemory(data, shape);

    public void Dispose() => _model.Dispose();
}
