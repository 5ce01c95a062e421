using Microsoft.ML.OnnxRuntime;

namespace Candor.Embeddings;

/// <summary>Checks that tie a configuration to its model's inputs and outputs, and turns outputs into vectors.</summary>
internal static class ModelIo
{
    public static CandorFormatException Error(EncoderConfig config, string field, string message) =>
        new($"field '{field}': {message}", block: config.SourcePath is null ? $"encoder {config.Name}" : $"encoder config {config.SourcePath}");

    /// <summary>The configured tensor name, or the model's first when none is configured.</summary>
    public static string Pick(EncoderConfig config, IReadOnlyList<string> names, string? wanted, string field, string what)
    {
        if (wanted is null) return names.Count > 0 ? names[0] : throw Error(config, field, $"the model has no {what}");
        return names.Contains(wanted) ? wanted : throw Error(config, field, $"the model has no {what} \"{wanted}\"; it has {string.Join(", ", names.Select(n => $"\"{n}\""))}");
    }

    /// <summary>Checks the output's static shape against pooling and dimension, where the model says enough.</summary>
    public static void CheckOutput(EncoderConfig config, int[] dims)
    {
        if (dims.Length < 2) throw Error(config, "output", $"the output has shape [{string.Join(", ", dims)}]; an embedding output has a batch dimension and at least one more");
        if (config.Pooling == TokenPooling.None)
        {
            var rest = dims[1..];
            if (rest.All(d => d > 0) && rest.Aggregate(1L, (a, d) => a * d) != config.Dimension)
                throw Error(config, "dimension", $"the output has shape [{string.Join(", ", dims)}], {rest.Aggregate(1L, (a, d) => a * d)} values per input, not {config.Dimension}" +
                    (rest.Length == 2 ? "; a sequence output needs \"pooling\"" : ""));
        }
        else
        {
            if (dims.Length != 3) throw Error(config, "pooling", $"pooling \"{config.Pooling.ToString().ToLowerInvariant()}\" needs an output of shape [batch, tokens, dimension]; this one is [{string.Join(", ", dims)}]");
            if (dims[2] > 0 && dims[2] != config.Dimension)
                throw Error(config, "dimension", $"the output has shape [{string.Join(", ", dims)}], {dims[2]} values per token, not {config.Dimension}");
        }
    }

    /// <summary>One pooled, optionally normalised vector per input from an output tensor of batch <paramref name="count"/>.</summary>
    public static float[][] Vectors(EncoderConfig config, OrtValue output, int count, long[]? mask, int[]? lengths)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        var data = output.GetTensorDataAsSpan<float>();
        if (shape.Length == 0 || shape[0] != count || data.Length % count != 0)
            throw Error(config, "output", $"the model returned shape [{string.Join(", ", shape)}] for a batch of {count}");
        var perItem = data.Length / count;
        var vectors = new float[count][];
        for (var n = 0; n < count; n++)
        {
            var item = data.Slice(n * perItem, perItem);
            float[] vector;
            if (config.Pooling == TokenPooling.None)
            {
                if (perItem != config.Dimension) throw Error(config, "dimension", $"the model returned {perItem} values per input, not {config.Dimension}");
                vector = item.ToArray();
            }
            else
            {
                if (shape.Length != 3 || shape[2] != config.Dimension)
                    throw Error(config, "dimension", $"the model returned shape [{string.Join(", ", shape)}]; pooling needs [batch, tokens, {config.Dimension}]");
                var tokens = (int)shape[1];
                var itemMask = mask is null ? ReadOnlySpan<long>.Empty : mask.AsSpan(n * tokens, tokens);
                var last = lengths is null ? tokens - 1 : lengths[n] - 1;
                vector = EmbeddingMath.Pool(item, tokens, config.Dimension, config.Pooling, itemMask, last);
            }
            if (config.Normalize) EmbeddingMath.Normalize(vector);
            vectors[n] = vector;
        }
        return vectors;
    }
}
