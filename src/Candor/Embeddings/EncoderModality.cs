namespace Candor.Embeddings;

/// <summary>What an encoder reads (the <c>modality</c> field of an <see cref="EncoderConfig"/>).</summary>
public enum EncoderModality
{
    /// <summary>Images ("image").</summary>
    Image,

    /// <summary>Texts ("text").</summary>
    Text,
}
