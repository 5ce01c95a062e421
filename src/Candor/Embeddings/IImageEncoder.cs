using Candor.Imaging;

namespace Candor.Embeddings;

/// <summary>
/// Turns images into embedding vectors of <see cref="EncoderInfo.Dimension"/> floats. Vectors are L2-normalised unless
/// the encoder's configuration says otherwise, so the cosine similarity of two vectors is their dot product. Methods may
/// be called from several threads at once.
/// </summary>
public interface IImageEncoder : IDisposable
{
    /// <summary>What this encoder is and which space its vectors belong to.</summary>
    EncoderInfo Info { get; }

    /// <summary>The embedding of one image (colour values on the 0–255 scale of <see cref="FloatImage"/>; grey is treated as R = G = B, alpha is ignored).</summary>
    float[] Encode(FloatImage image);

    /// <summary>The embeddings of <paramref name="images"/>, in order; equal to calling <see cref="Encode"/> on each (within float rounding).</summary>
    float[][] EncodeBatch(IReadOnlyList<FloatImage> images);
}
