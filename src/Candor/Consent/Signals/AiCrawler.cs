namespace Candor.Consent.Signals;

/// <summary>A crawler (robots.txt product token) run to collect material for AI, and the uses a rule for it speaks to.</summary>
/// <param name="Token">The product token a robots.txt names, e.g. <c>GPTBot</c>.</param>
/// <param name="Operator">Who runs it.</param>
/// <param name="Uses">The uses a Disallow (or Allow) for this token speaks to.</param>
/// <param name="Why">Why those uses: what the operator says the crawler collects for.</param>
public sealed record AiCrawler(string Token, string Operator, IReadOnlyList<ConsentUse> Uses, string Why)
{
    /// <summary>True when a rule for this crawler says something about <paramref name="use"/>.</summary>
    public bool SpeaksTo(ConsentUse use) => Uses.Contains(use);
}
