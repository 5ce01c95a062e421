namespace Candor.C2pa;

/// <summary>One entry of a <c>c2pa.training-mining</c> or <c>cawg.training-mining</c> assertion.</summary>
/// <param name="Key">The entry key, e.g. "c2pa.ai_generative_training", "cawg.ai_inference".</param>
/// <param name="Use">allowed, notAllowed or constrained, as written.</param>
/// <param name="ConstraintInfo">Free text explaining a constraint, or null.</param>
/// <param name="AssertionLabel">Label of the assertion it came from.</param>
public sealed record C2paTrainingMiningEntry(string Key, string? Use, string? ConstraintInfo, string AssertionLabel);
