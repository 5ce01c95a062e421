namespace Candor.Embeddings;

/// <summary>
/// Turns texts into embedding vectors of <see cref="EncoderInfo.Dimension"/> floats. Vectors are L2-normalised unless
/// the encoder's configuration says otherwise, so the cosine similarity of two vectors is their dot product. Text longer
/// than the model's token limit is truncated. Methods may be called from several threads at once.
/// </summary>
public interface ITextEncoder : IDisposable
{
    /// <summary>What this encoder is and which space its vectors belong to.</summary>
    EncoderInfo Info { get; }

    /// <summary>The embedding of one text.</summary>
    float[] Encode(string text);

    /// <summary>The embeddings of <paramref name="texts"/>, in order; equal to calling <see cref="Encode"/> on each (within float rounding).</summary>
    float[][] EncodeBatch(IReadOnlyList<string> texts);
}
