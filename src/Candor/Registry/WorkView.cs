namespace Candor.Registry;

/// <summary>A work as its owner sees it: the current version and whether ownership is verified.</summary>
/// <param name="Work">The work's current version.</param>
/// <param name="Verified">True when an image work has a proof, or a URL, prefix or domain work lies on a domain the owner verified.</param>
public sealed record WorkView(Work Work, bool Verified);
