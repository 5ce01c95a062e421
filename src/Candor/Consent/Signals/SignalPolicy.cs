namespace Candor.Consent.Signals;

/// <summary>The choices an evaluator makes where the signals themselves leave room (see docs/consent-signals.md).</summary>
/// <param name="OwnAgent">The product token the data set's builder crawls under (e.g. <c>MyDatasetBot</c>); rules for it speak to every use. Null for none.</param>
/// <param name="WildcardRobotsRefuses">
/// When true, a robots.txt <c>User-agent: *</c> Disallow (and the "disallow all" RFC 9309 prescribes when robots.txt is
/// unreachable) counts as a refusal of every use. Off by default: such a rule speaks to crawling, not to training.
/// </param>
public sealed record SignalPolicy(string? OwnAgent = null, bool WildcardRobotsRefuses = false)
{
    /// <summary>The default policy: no own agent, <c>*</c> rules not counted.</summary>
    public static SignalPolicy Default { get; } = new();
}
