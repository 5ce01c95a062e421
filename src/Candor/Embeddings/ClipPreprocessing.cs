using Candor.Imaging;

namespace Candor.Embeddings;

/// <summary>
/// OpenAI CLIP's image preprocessing, exactly: the shorter side resized to <c>size</c> with PIL's bicubic (a = −0.5,
/// antialiased when shrinking, 8-bit intermediate results, as torchvision's <c>Resize</c> does on PIL images), the longer
/// side to <c>floor(size × long / short)</c>; the central size × size square (offsets rounded half to even, as
/// torchvision's <c>CenterCrop</c>); values / 255; minus mean (0.48145466, 0.4578275, 0.40821073) and divided by std
/// (0.26862954, 0.26130258, 0.27577711) per channel, in float32; R, G, B planes (NCHW without the batch dimension).
/// Input pixels are rounded to 8 bits first, grey is copied to R, G and B, and alpha is dropped (PIL's <c>convert("RGB")</c>).
/// </summary>
public static class ClipPreprocessing
{
    /// <summary>CLIP's per-channel mean, R, G, B.</summary>
    public static IReadOnlyList<double> Mean { get; } = [0.48145466, 0.4578275, 0.40821073];

    /// <summary>CLIP's per-channel standard deviation, R, G, B.</summary>
    public static IReadOnlyList<double> Std { get; } = [0.26862954, 0.26130258, 0.27577711];

    /// <summary>The 3 × <paramref name="size"/> × <paramref name="size"/> float32 tensor (channel-major) CLIP's visual model takes for <paramref name="image"/>.</summary>
    public static float[] ToTensor(FloatImage image, int size = 224) => Create(size).ToTensor(image);

    internal static ImagePreprocessor Create(int size) =>
        new(size, ImageResize.ShortSide, ImageInterpolation.Bicubic, ImageCrop.Center, 1.0 / 255, Mean, Std, TensorLayout.Nchw);
}
