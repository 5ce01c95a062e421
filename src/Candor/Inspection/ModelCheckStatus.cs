namespace Candor.Inspection;

/// <summary>Outcome of a model check.</summary>
public enum ModelCheckStatus
{
    /// <summary>A local file has the claimed hash.</summary>
    Match,
    /// <summary>The name points at a local file whose hash differs from the claim.</summary>
    Mismatch,
    /// <summary>No local file has the hash or the name.</summary>
    Unknown,
}
