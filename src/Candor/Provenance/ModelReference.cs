namespace Candor.Provenance;

/// <summary>A model an image claims to have used.</summary>
public sealed class ModelReference
{
    /// <summary>The part the model played (checkpoint, LoRA, VAE, …).</summary>
    public required ModelRole Role { get; init; }
    /// <summary>Name as written (file name, alias, or a URN such as <c>urn:air:sdxl:checkpoint:civitai:827184@2514310</c>).</summary>
    public required string Name { get; init; }
    /// <summary>Strength/weight when given.</summary>
    public double? Weight { get; set; }
    /// <summary>Every hash claimed for it.</summary>
    public List<ClaimedHash> Hashes { get; } = [];
    /// <summary>The field the reference was read from.</summary>
    public required Evidence Evidence { get; init; }
}
