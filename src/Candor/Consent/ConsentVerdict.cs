namespace Candor.Consent;

/// <summary>What a signal or the registry says about one use of one work.</summary>
public enum ConsentVerdict
{
    /// <summary>Nothing was said about this use: no signal found, or none that speaks to it.</summary>
    NotStated,

    /// <summary>The use is explicitly allowed (an opt-in, an "allowed" entry, a robots.txt allow).</summary>
    Allowed,

    /// <summary>The use is refused (an opt-out, a reservation, a "not allowed" entry, a robots.txt disallow).</summary>
    Forbidden,
}
