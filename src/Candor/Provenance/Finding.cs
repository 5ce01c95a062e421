namespace Candor.Provenance;

/// <summary>A statement about the file with its evidence. <see cref="Code"/> is stable for machines.</summary>
public sealed record Finding(FindingSeverity Severity, string Code, string Message, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>Convenience for a finding with one piece of evidence.</summary>
    public Finding(FindingSeverity severity, string code, string message, Evidence evidence)
        : this(severity, code, message, [evidence]) { }
}
