namespace Candor.Tests.Interop;

/// <summary>
/// What the reference C2PA implementation (c2pa-rs 0.91.3 in WebAssembly, run by
/// <c>tests/interop/validate.mjs</c>) says of one file, in the shape of the corpus's <c>expected.json</c>.
/// </summary>
/// <param name="File">The path as it was given to <see cref="ReferenceValidator.Validate(IEnumerable{string}, string?)"/>.</param>
/// <param name="State">Invalid, Valid or Trusted; null when <paramref name="Error"/> is set.</param>
/// <param name="Failures">The active manifest's failure codes, in the reference's order, without repeats.</param>
/// <param name="Informational">The active manifest's informational codes, in the reference's order, without repeats.</param>
/// <param name="IngredientFailures">Every failure code of the ingredients' validation deltas, without repeats.</param>
/// <param name="Error">The reference's error when it could read no manifest store (e.g. <c>C2pa(JumbfNotFound)</c>), else null.</param>
/// <param name="Milliseconds">Median in-process time of one validation by the reference.</param>
public sealed record ReferenceVerdict(
    string File,
    string? State,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Informational,
    IReadOnlyList<string> IngredientFailures,
    string? Error,
    double Milliseconds)
{
    /// <summary>One line for assertion messages: the state and codes, or the error.</summary>
    public string Describe() => Error is not null
        ? $"error {Error}"
        : $"{State} failures [{string.Join(", ", Failures)}] ingredient_failures [{string.Join(", ", IngredientFailures)}] informational [{string.Join(", ", Informational)}]";
}
