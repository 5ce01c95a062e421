namespace Candor.Consent.Signals;

/// <summary>One directive of an <c>X-Robots-Tag</c> header or a robots meta element, e.g. <c>noai</c> or <c>GPTBot: noimageai</c>.</summary>
/// <param name="Agent">The user agent the directive is addressed to, or null when it is addressed to every agent.</param>
/// <param name="Value">The directive as written, e.g. <c>noai</c>.</param>
public sealed record RobotsTagDirective(string? Agent, string Value)
{
    /// <summary>True for <c>noai</c> and <c>noimageai</c> (any letter case): the owner refuses AI training on the content.</summary>
    public bool RefusesAi => Value.Equals("noai", StringComparison.OrdinalIgnoreCase) || Value.Equals("noimageai", StringComparison.OrdinalIgnoreCase);
}
