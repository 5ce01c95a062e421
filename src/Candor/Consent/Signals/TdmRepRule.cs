namespace Candor.Consent.Signals;

/// <summary>One object of a <c>/.well-known/tdmrep.json</c> array.</summary>
/// <param name="Location">The path pattern (robots.txt syntax: <c>*</c>, a final <c>$</c>, <c>%24</c> for a literal <c>$</c>).</param>
/// <param name="Reservation">1, 0, or null when absent or invalid.</param>
/// <param name="Policy">The <c>tdm-policy</c> URL, or null.</param>
/// <param name="Index">The 1-based position in the array.</param>
public sealed record TdmRepRule(string Location, int? Reservation, string? Policy, int Index);
