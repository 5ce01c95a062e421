namespace Candor.Embeddings;

/// <summary>
/// How one vector is taken from a model output that has one vector per token or patch (the <c>pooling</c> field of an
/// <see cref="EncoderConfig"/>). An output that is already one vector per input needs <see cref="None"/>.
/// </summary>
public enum TokenPooling
{
    /// <summary>"none": the output is the embedding (e.g. shape [batch, dimension] or [batch, dimension, 1, 1]).</summary>
    None,

    /// <summary>"mean": the average over tokens, counting only those the attention mask marks (sentence-transformers' mean pooling).</summary>
    Mean,

    /// <summary>"cls": the first token's vector (BERT's [CLS], a ViT's class token).</summary>
    Cls,

    /// <summary>"eot": the vector at the end-of-text token, i.e. the last token that is not padding (CLIP's text tower).</summary>
    Eot,
}
