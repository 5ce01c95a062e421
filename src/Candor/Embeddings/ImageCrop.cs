namespace Candor.Embeddings;

/// <summary>What is cut after resizing (the <c>crop</c> field of an <see cref="EncoderConfig"/>).</summary>
public enum ImageCrop
{
    /// <summary>
    /// "center": the central square of the image size; the offsets are <c>round((side − size) / 2)</c> with halves
    /// rounded to even, as torchvision's <c>CenterCrop</c> computes them.
    /// </summary>
    Center,

    /// <summary>"none": nothing is cut (only with <see cref="ImageResize.Stretch"/>, which already gives the exact size).</summary>
    None,
}
