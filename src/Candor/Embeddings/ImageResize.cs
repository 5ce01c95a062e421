namespace Candor.Embeddings;

/// <summary>How an image is brought to the model's size (the <c>resize</c> field of an <see cref="EncoderConfig"/>).</summary>
public enum ImageResize
{
    /// <summary>
    /// "shortSide": scale so the shorter side equals the image size, keeping the aspect ratio (the longer side becomes
    /// <c>floor(size × long / short)</c>, as torchvision's <c>Resize(int)</c> computes it); usually followed by a centre crop.
    /// </summary>
    ShortSide,

    /// <summary>"stretch": scale both sides to the image size, changing the aspect ratio.</summary>
    Stretch,
}
