namespace Candor.C2pa.Validation;

/// <summary>How a C2PA validation status counts (C2PA 2.2 §15.2.2).</summary>
public enum C2paStatusKind
{
    /// <summary>A check passed (e.g. <c>assertion.hashedURI.match</c>).</summary>
    Success,
    /// <summary>Worth knowing, not a failure (e.g. a check Candor does not perform yet).</summary>
    Informational,
    /// <summary>A check failed; the manifest does not validate.</summary>
    Failure,
}
