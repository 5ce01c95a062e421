namespace Candor.Imaging;

/// <summary>Interpolation kernels for <see cref="Transforms.Resize"/>.</summary>
public enum ResizeFilter
{
    /// <summary>Windowed sinc with 3 lobes (PIL's LANCZOS / ANTIALIAS), support 3.</summary>
    Lanczos3,

    /// <summary>Triangle (tent) filter, support 1 (PIL's BILINEAR).</summary>
    Bilinear,
}
