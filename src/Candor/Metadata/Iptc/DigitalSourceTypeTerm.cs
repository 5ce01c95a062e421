namespace Candor.Metadata.Iptc;

/// <summary>One term of the IPTC Digital Source Type vocabulary.</summary>
/// <param name="Code">The short name, e.g. <c>trainedAlgorithmicMedia</c>.</param>
/// <param name="Label">A short human label.</param>
/// <param name="Definition">What the term means, in plain words.</param>
/// <param name="AiRole">The part AI played according to the term.</param>
/// <param name="IsRetired">True for terms IPTC no longer recommends (still valid in older files).</param>
/// <param name="ReplacedBy">For a retired term, the current term that took its place; null when it has no single successor.</param>
public sealed record DigitalSourceTypeTerm(string Code, string Label, string Definition, DigitalSourceAiRole AiRole, bool IsRetired = false, string? ReplacedBy = null)
{
    /// <summary>The canonical URI, e.g. <c>http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture</c>.</summary>
    public string Uri => DigitalSourceType.Namespace + Code;
}
