namespace Candor.Embeddings;

/// <summary>How an image model wants its pixel tensor laid out (the <c>layout</c> field of an <see cref="EncoderConfig"/>).</summary>
public enum TensorLayout
{
    /// <summary>Batch, channel, row, column ("NCHW"): one plane per colour, as PyTorch exports take.</summary>
    Nchw,

    /// <summary>Batch, row, column, channel ("NHWC"): interleaved colours, as TensorFlow exports take.</summary>
    Nhwc,
}
