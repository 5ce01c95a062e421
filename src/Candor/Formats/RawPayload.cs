using Candor.Provenance;

namespace Candor.Formats;

/// <summary>A metadata payload lifted out of a container, with where it came from.</summary>
public sealed record RawPayload(PayloadKind Kind, byte[] Data, Evidence Evidence)
{
    /// <summary>Notes from reassembly (e.g. "extended XMP: 3 parts, GUID …").</summary>
    public string? Note { get; init; }
}
