using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>What a C2PA store says, in short, with the validation verdict when <c>inspect</c> validated it.</summary>
public sealed class C2paOverview
{
    /// <summary>Label (URN) of the active manifest.</summary>
    public string? ActiveManifest { get; set; }
    /// <summary>How many manifests the store holds (the active one and its ingredients' manifests).</summary>
    public int ManifestCount { get; set; }
    /// <summary>The claim generator the active manifest names: the software that signed it.</summary>
    public string? ClaimGenerator { get; set; }
    /// <summary>Who signed the active manifest: the signing certificate's subject common name and organisation, comma-separated.</summary>
    public string? Signer { get; set; }
    /// <summary>The asset title the active manifest records (dc:title).</summary>
    public string? Title { get; set; }
    /// <summary>Every manifest's actions, e.g. "c2pa.created by Adobe Firefly"; those of other manifests than the active one end with "[in manifest LABEL]".</summary>
    public List<string> Actions { get; } = [];
    /// <summary>The active manifest's ingredients as "relationship: title", e.g. "parentOf: photo.jpg".</summary>
    public List<string> Ingredients { get; } = [];
    /// <summary>The validation verdict (Trusted, Valid, Invalid) when the store was validated, else null.</summary>
    public string? Validation { get; set; }
    /// <summary>Failure codes behind an Invalid verdict (a signer not on a trust list is not one).</summary>
    public List<string> ValidationFailures { get; } = [];
    /// <summary>Where the store sits in the file.</summary>
    public required Evidence Evidence { get; init; }
}
