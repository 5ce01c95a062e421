namespace Candor.Provenance;

/// <summary>Severity of a <see cref="Finding"/>.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing (e.g. "no provenance found").</summary>
    Info,
    /// <summary>Something is missing or deprecated (a retired IPTC term, an unsigned claim).</summary>
    Warning,
    /// <summary>Two pieces of evidence disagree (stealth copy differs from the text; a signature fails).</summary>
    Inconsistency,
    /// <summary>Part of the file could not be read.</summary>
    Error,
}
