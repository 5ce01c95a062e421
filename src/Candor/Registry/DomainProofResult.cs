namespace Candor.Registry;

/// <summary>What a domain proof checker found.</summary>
/// <param name="Verified">True when the owner's proof text was found.</param>
/// <param name="Method">The checker: <c>well-known</c> or <c>dns-txt</c>.</param>
/// <param name="Detail">What was looked at and what was seen, in plain words.</param>
public sealed record DomainProofResult(bool Verified, string Method, string Detail);
