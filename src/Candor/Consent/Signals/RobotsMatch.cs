namespace Candor.Consent.Signals;

/// <summary>The answer of <see cref="RobotsTxt.Match(string, string)"/>: allowed or not, what decided it, and the deciding rule.</summary>
/// <param name="Allowed">True when the agent may fetch the URL.</param>
/// <param name="Source">Which group decided.</param>
/// <param name="Rule">The Allow or Disallow line that decided (the longest match; Allow wins a tie); null when no rule did.</param>
public sealed record RobotsMatch(bool Allowed, RobotsMatchSource Source, RobotsDirective? Rule);
