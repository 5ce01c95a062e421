namespace Candor.Embeddings;

/// <summary>
/// What an encoder is: its <paramref name="Name"/> (e.g. "resnet18"), the embedding <paramref name="Space"/> its vectors
/// live in, their <paramref name="Dimension"/>, and its <paramref name="Modality"/> ("image" or "text"). An image encoder
/// and a text encoder form a pair — a text can be compared with an image — only when their <see cref="Space"/> is equal
/// (e.g. both "openai-clip-vit-b-32"); vectors of different spaces must never be compared.
/// </summary>
/// <param name="Name">The encoder's name, from its configuration.</param>
/// <param name="Space">The embedding space id, from its configuration.</param>
/// <param name="Dimension">Length of every vector the encoder returns.</param>
/// <param name="Modality">"image" or "text".</param>
public sealed record EncoderInfo(string Name, string Space, int Dimension, string Modality);
