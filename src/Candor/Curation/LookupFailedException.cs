namespace Candor.Curation;

/// <summary>A lookup failed (unreachable registry, bad answer): the run cannot honour consent for the items that remain, so it stops.</summary>
internal sealed class LookupFailedException(Exception inner) : Exception(inner.Message, inner);
