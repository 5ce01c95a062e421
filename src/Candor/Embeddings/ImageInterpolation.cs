namespace Candor.Embeddings;

/// <summary>
/// The resampling kernel (the <c>interpolation</c> field of an <see cref="EncoderConfig"/>). Both work as PIL's
/// <c>Image.resize</c> does on 8-bit RGB images — the kernel widened by the scale factor when shrinking (antialiasing),
/// fixed-point weights, a horizontal pass then a vertical one, each rounded to 8 bits — which is what torchvision's
/// <c>Resize</c> does to the PIL images most published encoders were trained and evaluated on.
/// </summary>
public enum ImageInterpolation
{
    /// <summary>"bicubic": Keys' cubic convolution with a = −0.5, support 2 (PIL's BICUBIC).</summary>
    Bicubic,

    /// <summary>"bilinear": the triangle filter, support 1 (PIL's BILINEAR).</summary>
    Bilinear,
}
