namespace Candor.Disclose;

/// <summary>What happened to one file of a disclosure.</summary>
/// <param name="File">The file as given.</param>
/// <param name="Status">Written, planned only, refused or failed.</param>
/// <param name="Plan">What was (or would have been) written; null when the file could not be planned.</param>
/// <param name="Written">The path written (the file itself or the requested copy); null when nothing was written.</param>
/// <param name="Error">Why the file was refused or failed, in plain words; null otherwise.</param>
public sealed record DisclosureOutcome(string File, DisclosureStatus Status, DisclosurePlan? Plan, string? Written, string? Error)
{
    /// <summary>
    /// What had to be repaired in the file's existing XMP before the disclosure could be merged (e.g. a
    /// property written twice: the first value kept, the other dropped), one note each; empty when none.
    /// </summary>
    public IReadOnlyList<string> XmpRepairs { get; init; } = [];
}
