namespace Candor.Provenance;

/// <summary>
/// How much of an input image can survive into the output: the question an artist asks
/// ("could my drawing have been traced?").
/// </summary>
public enum ControlRisk
{
    /// <summary>Cannot reproduce its input (IP-Adapter: image embedding only).</summary>
    VeryLow,
    /// <summary>Style or pose only (Reference, Revision, Vibe Transfer, OpenPose, Blur, Shuffle, Tile).</summary>
    Low,
    /// <summary>Composition (Depth, NormalMap, MLSD, Segmentation, Scribble).</summary>
    Medium,
    /// <summary>Outlines can be traced (Canny, Lineart, SoftEdge, Sketch) or pixels reused (img2img, inpaint).</summary>
    High,
    /// <summary>Not enough information to say.</summary>
    Unknown,
}
