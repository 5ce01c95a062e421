using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// The standard attack list of the watermark bench. Core attacks carry the targets the watermark was
/// specified against; extended attacks carry Candor's own targets (off-centre crop, flip, aspect
/// change, screenshot, WebP, a chain of three edits). Every result is rounded to 8 bits by the runner
/// before detection, as a saved file would be.
/// </summary>
public static class WatermarkAttacks
{
    /// <summary>Every attack, core first, in a stable order.</summary>
    public static IReadOnlyList<WatermarkAttack> Standard { get; } =
    [
        Core("none", 1.00, "no change", img => img),
        Core("jpeg-q90", 0.99, "JPEG quality 90", img => Transforms.JpegRoundTrip(img, 90)),
        Core("jpeg-q70", 0.99, "JPEG quality 70", img => Transforms.JpegRoundTrip(img, 70)),
        Core("jpeg-q50", 0.99, "JPEG quality 50", img => Transforms.JpegRoundTrip(img, 50)),
        Core("resize-0.5", 0.99, "resize to 0.5× and back (Lanczos)", img => ScaleAndBack(img, 0.5)),
        Core("crop-50%", 0.99, "centre crop keeping 50% of the area (each side ×√0.5)", img => CentreCrop(img, 0.5)),
        Core("rotate-5", 0.99, "rotate 5°, same canvas, black corners", img => Transforms.Rotate(img, 5, expand: false, fill: 0)),
        Core("rotate-15", 0.98, "rotate 15°, same canvas, black corners", img => Transforms.Rotate(img, 15, expand: false, fill: 0)),
        Core("brightness-1.3", 0.99, "brightness ×1.3", img => Transforms.Brightness(img, 1.3)),
        Core("brightness-0.7", 0.99, "brightness ×0.7", img => Transforms.Brightness(img, 0.7)),
        Core("contrast-1.3", 0.99, "contrast ×1.3", img => Transforms.Contrast(img, 1.3)),
        Core("contrast-0.7", 0.99, "contrast ×0.7", img => Transforms.Contrast(img, 0.7)),
        Core("blur-1", 0.99, "Gaussian blur σ 1", img => Transforms.GaussianBlur(img, 1)),
        Core("blur-2", 0.99, "Gaussian blur σ 2", img => Transforms.GaussianBlur(img, 2)),
        Core("noise-5", 0.99, "Gaussian noise σ 5", img => Transforms.AddGaussianNoise(img, 5, 5)),
        Core("noise-10", 0.99, "Gaussian noise σ 10", img => Transforms.AddGaussianNoise(img, 10, 10)),
        Core("jpeg70+resize-0.75", 0.99, "JPEG quality 70, then resize to 0.75× and back", img => ScaleAndBack(Transforms.PngRoundTrip(Transforms.JpegRoundTrip(img, 70)), 0.75)),
        Extended("crop-25%-offset", 0.99, "crop half the width and half the height (25% of the area) at (w/3, h/5)",
            img => Transforms.Crop(img, img.Width / 3, img.Height / 5, img.Width / 2, img.Height / 2)),
        Extended("flip", 0.99, "horizontal flip", Transforms.FlipHorizontal),
        Extended("stretch-0.8x1", 0.99, "width ×0.8, height unchanged (Lanczos)",
            img => Transforms.Resize(img, Math.Max(1, (int)Math.Round(img.Width * 0.8)), img.Height)),
        Extended("screenshot", 0.99, "rescale ×0.87, gamma 0.9, PNG",
            img => Transforms.PngRoundTrip(Transforms.Gamma(Transforms.Resize(img, Scaled(img.Width, 0.87), Scaled(img.Height, 0.87)), 0.9))),
        Extended("webp-q75", 0.99, "WebP quality 75", img => Transforms.WebpRoundTrip(img, 75)),
        Extended("chain-3", 0.98, "JPEG quality 60 → centre crop keeping 70% of the area → brightness ×0.8",
            img => Transforms.Brightness(CentreCrop(Transforms.PngRoundTrip(Transforms.JpegRoundTrip(img, 60)), 0.7), 0.8)),
    ];

    private static WatermarkAttack Core(string name, double target, string description, Func<FloatImage, FloatImage> apply) =>
        new(name, WatermarkAttack.Core, target, description, apply);

    private static WatermarkAttack Extended(string name, double target, string description, Func<FloatImage, FloatImage> apply) =>
        new(name, WatermarkAttack.Extended, target, description, apply);

    private static int Scaled(int size, double factor) => Math.Max(1, (int)Math.Round(size * factor));

    /// <summary>Resizes by <paramref name="factor"/> and back to the original size (Lanczos both ways, rounded to 8 bits between).</summary>
    private static FloatImage ScaleAndBack(FloatImage img, double factor)
    {
        var small = Transforms.PngRoundTrip(Transforms.Resize(img, Scaled(img.Width, factor), Scaled(img.Height, factor)));
        return Transforms.Resize(small, img.Width, img.Height);
    }

    /// <summary>The centred crop keeping <paramref name="area"/> of the area (each side × √area).</summary>
    private static FloatImage CentreCrop(FloatImage img, double area)
    {
        var side = Math.Sqrt(area);
        int w = Scaled(img.Width, side), h = Scaled(img.Height, side);
        return Transforms.Crop(img, (img.Width - w) / 2, (img.Height - h) / 2, w, h);
    }
}
