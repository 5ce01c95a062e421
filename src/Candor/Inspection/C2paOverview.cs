using Candor.Formats;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>What a C2PA store says, in short. Signature validation is not part of <c>inspect</c>.</summary>
public sealed class C2paOverview
{
    public string? ActiveManifest { get; set; }
    public int ManifestCount { get; set; }
    public string? ClaimGenerator { get; set; }
    public string? Signer { get; set; }
    public string? Title { get; set; }
    public List<string> Actions { get; } = [];
    public List<string> Ingredients { get; } = [];
    /// <summary>The validation verdict (Trusted, Valid, Invalid) when the store was validated, else null.</summary>
    public string? Validation { get; set; }
    /// <summary>Failure codes behind an Invalid verdict (a signer not on a trust list is not one).</summary>
    public List<string> ValidationFailures { get; } = [];
    public required Evidence Evidence { get; init; }
}
