namespace Candor.Imaging;

/// <summary>
/// An image decoded straight to a working resolution: every <see cref="Factor"/> × <see cref="Factor"/> block of
/// source pixels averaged into one (pixels past the last whole block on the right and bottom are left out), so a
/// large image costs memory in proportion to the working size, not to its own.
/// </summary>
/// <param name="Image">The averaged pixels (3 channels, or 4 with alpha), upright when the decode applied the EXIF orientation.</param>
/// <param name="Factor">Source pixels per working pixel along each side (1 when the image was small enough).</param>
/// <param name="SourceWidth">Width of the source image in pixels, upright.</param>
/// <param name="SourceHeight">Height of the source image in pixels, upright.</param>
public sealed record ReducedImage(FloatImage Image, int Factor, int SourceWidth, int SourceHeight);
