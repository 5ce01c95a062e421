namespace Candor.Registry;

/// <summary>One line of the audit log: who changed what, when.</summary>
/// <param name="Id">The entry's number (registry-wide, increasing).</param>
/// <param name="OwnerId">The owner whose data changed.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (<c>owner 12 key ab12cd34</c>, <c>registry</c>).</param>
/// <param name="Action">What: <c>owner.register</c>, <c>key.create</c>, <c>works.add</c>, <c>work.change</c>, <c>work.withdraw</c>, <c>work.prove</c>, <c>domain.verify</c>.</param>
/// <param name="Target">What it applied to (<c>work 42</c>, <c>domain artist.com</c>, <c>works 42–9041</c>).</param>
/// <param name="Detail">The change in plain words.</param>
public sealed record AuditEntry(long Id, long OwnerId, DateTimeOffset At, string Actor, string Action, string Target, string Detail);
