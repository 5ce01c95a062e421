namespace Candor.Consent.Signals;

/// <summary>A TDMRep declaration as read from one place (tdmrep.json rule, HTTP headers, HTML meta, EPUB or XMP metadata).</summary>
/// <param name="Reservation">1 = text and data mining rights reserved, 0 = not reserved, null = unset (absent, or a value other than 0 and 1).</param>
/// <param name="Policy">The <c>tdm-policy</c> URL where a licence may be obtained; null when absent or when <paramref name="Reservation"/> is not 1 (the policy is then not processed).</param>
/// <param name="Source">Where it was read, e.g. <c>tdm-reservation header</c> or <c>/.well-known/tdmrep.json rule 2 (/directory-b/html/)</c>.</param>
/// <param name="Problem">What was wrong with it, e.g. <c>tdm-reservation '2' is neither 0 nor 1</c>; null when nothing was.</param>
public sealed record TdmDeclaration(int? Reservation, string? Policy, string Source, string? Problem = null);
