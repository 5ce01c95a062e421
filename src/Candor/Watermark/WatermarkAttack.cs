using Candor.Imaging;

namespace Candor.Watermark;

/// <summary>
/// One distortion the watermark is measured against: what it does to an image, and the mean bit
/// accuracy the mark must keep through it (<see cref="Target"/>).
/// </summary>
/// <param name="Name">Short stable name, e.g. <c>jpeg-q70</c>.</param>
/// <param name="Group"><c>core</c> (the targets the watermark was specified against) or <c>extended</c> (Candor's own targets).</param>
/// <param name="Target">Mean bit accuracy the mark should keep (0.5–1), or null when the attack is only measured.</param>
/// <param name="Description">What the attack does, in words.</param>
/// <param name="Apply">The attack itself; it returns a new image and leaves its input unchanged. Results may be off the 8-bit grid; the runner rounds them.</param>
public sealed record WatermarkAttack(string Name, string Group, double? Target, string Description, Func<FloatImage, FloatImage> Apply)
{
    /// <summary>The group of the attacks the watermark was specified against.</summary>
    public const string Core = "core";

    /// <summary>The group of the attacks with targets Candor set itself.</summary>
    public const string Extended = "extended";
}
