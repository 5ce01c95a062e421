namespace Candor.Disclose;

/// <summary>What <see cref="AutoDisclosure"/> decided, and why.</summary>
/// <param name="SourceTypeCode">The IPTC Digital Source Type code to write, or null for none.</param>
/// <param name="Tools">Generator tools found (for <c>candor:Tools</c>).</param>
/// <param name="Actions">What was done with them (for <c>candor:Actions</c>).</param>
/// <param name="Reason">One plain sentence: the grounds of the decision.</param>
public sealed record AutoDisclosureDecision(string? SourceTypeCode, IReadOnlyList<string> Tools, IReadOnlyList<string> Actions, string Reason);
