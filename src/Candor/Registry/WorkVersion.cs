namespace Candor.Registry;

/// <summary>One version in a work's append-only history.</summary>
/// <param name="WorkId">The work.</param>
/// <param name="Version">1 for the registration, then 2, 3, …</param>
/// <param name="Sequence">The registry-wide change number (ordered by commit).</param>
/// <param name="Statuses">The statuses from this version on.</param>
/// <param name="Withdrawn">True when this version withdraws the work.</param>
/// <param name="Proof">The proof of ownership in force from this version on, or null.</param>
/// <param name="Change">What this version did: <c>added</c>, <c>changed</c>, <c>withdrawn</c>, <c>proved</c>.</param>
/// <param name="Actor">Who made it (<c>owner 12 key ab12cd34</c>).</param>
/// <param name="At">When.</param>
public sealed record WorkVersion(long WorkId, int Version, long Sequence, ConsentStatuses Statuses, bool Withdrawn, string? Proof, string Change, string Actor, DateTimeOffset At);
