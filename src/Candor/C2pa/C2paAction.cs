using Candor.C2pa.Cbor;

namespace Candor.C2pa;

/// <summary>One entry of a <c>c2pa.actions</c> / <c>c2pa.actions.v2</c> assertion.</summary>
public sealed class C2paAction
{
    /// <summary>The action, e.g. "c2pa.created", "c2pa.edited", "c2pa.converted".</summary>
    public required string Action { get; init; }

    /// <summary>Label of the assertion it came from, e.g. "c2pa.actions.v2" or "c2pa.actions__1".</summary>
    public required string AssertionLabel { get; init; }

    /// <summary>When it happened, as written.</summary>
    public string? When { get; init; }

    /// <summary>The software that did it: a v1 string, or a v2 map with name and version (also resolved from softwareAgentIndex).</summary>
    public C2paSoftware? SoftwareAgent { get; init; }

    /// <summary>The IPTC digital source type URI, e.g. "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia".</summary>
    public string? DigitalSourceType { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Description { get; init; }

    /// <summary>The parameters map as read (raw), or null.</summary>
    public CborValue? Parameters { get; init; }

    /// <summary>Absolute offset of the action's map in the file.</summary>
    public long Offset { get; init; }
}
