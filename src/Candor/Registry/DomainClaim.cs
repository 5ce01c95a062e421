namespace Candor.Registry;

/// <summary>A domain an owner has proved it controls. Every URL, prefix and domain work of the owner on it (or a subdomain) counts as verified.</summary>
/// <param name="OwnerId">The owner.</param>
/// <param name="Domain">The normalised domain.</param>
/// <param name="Method">How it was proved: <c>well-known</c> (the file <c>/.well-known/candor-consent.txt</c>) or <c>dns-txt</c>.</param>
/// <param name="Detail">What the checker saw.</param>
/// <param name="VerifiedAt">When.</param>
/// <param name="Sequence">The registry-wide change number.</param>
public sealed record DomainClaim(long OwnerId, string Domain, string Method, string Detail, DateTimeOffset VerifiedAt, long Sequence);
