namespace Candor.Generators.Stealth;

/// <summary>Which pixel bits carry a stealth copy.</summary>
public enum StealthMode
{
    /// <summary>Least significant bit of alpha, one bit per pixel (<c>stealth_pnginfo</c> / <c>stealth_pngcomp</c>).</summary>
    Alpha,
    /// <summary>Least significant bits of R, G and B, three bits per pixel (<c>stealth_rgbinfo</c> / <c>stealth_rgbcomp</c>).</summary>
    Rgb,
}
