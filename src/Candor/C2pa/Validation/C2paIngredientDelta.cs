namespace Candor.C2pa.Validation;

/// <summary>
/// What validating one ingredient found that its ingredient assertion did not already record
/// (the C2PA "ingredient delta"): statuses whose code the assertion's stored validation status
/// or results already list are left out.
/// </summary>
/// <param name="IngredientUri">The ingredient assertion, as an absolute JUMBF URI.</param>
/// <param name="Statuses">The new statuses, in the order the checks ran.</param>
public sealed record C2paIngredientDelta(string IngredientUri, IReadOnlyList<C2paStatus> Statuses)
{
    /// <summary>
    /// Failure codes the ingredient assertion recorded when the ingredient was added (its stored
    /// validation status or results): what was already wrong then, and is not repeated in <see cref="Statuses"/>.
    /// </summary>
    public IReadOnlyList<string> RecordedFailures { get; init; } = [];

    /// <summary>The failures among <see cref="Statuses"/>.</summary>
    public IEnumerable<C2paStatus> Failures => Statuses.Where(s => s.Kind == C2paStatusKind.Failure);

    /// <summary>The informational statuses among <see cref="Statuses"/>.</summary>
    public IEnumerable<C2paStatus> Informational => Statuses.Where(s => s.Kind == C2paStatusKind.Informational);
}
