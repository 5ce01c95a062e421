namespace Candor.Consent.Signals;

/// <summary>Which part of a robots.txt decided a <see cref="RobotsMatch"/>.</summary>
public enum RobotsMatchSource
{
    /// <summary>Nothing applied: no group names the agent, and the <c>*</c> group has no rule for the path (or there is none). The path is allowed.</summary>
    Nothing,

    /// <summary>A group that names the agent itself (a rule in it, or the group exists and has no rule for the path, which allows).</summary>
    AgentGroup,

    /// <summary>The <c>*</c> group, because no group names the agent.</summary>
    WildcardGroup,
}
