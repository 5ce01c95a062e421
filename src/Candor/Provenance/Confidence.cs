namespace Candor.Provenance;

/// <summary>How sure a statement is.</summary>
public enum Confidence
{
    /// <summary>Inferred from weak hints (a sampler name's style, a renamable label).</summary>
    Low,
    /// <summary>Strong hints but not a tool's own marker.</summary>
    Medium,
    /// <summary>High but not conclusive (e.g. key set typical of one tool only).</summary>
    High,
    /// <summary>The tool named itself (a Software tag, an App key, a scheme marker, a signed claim).</summary>
    Certain,
}
