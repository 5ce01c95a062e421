namespace Candor.Registry;

/// <summary>
/// One entry of the registry's change sequence, read by the in-memory snapshot to catch up: either a work version
/// (<see cref="Domain"/> null) or a domain verification (<see cref="Domain"/> set, the work fields empty).
/// </summary>
/// <param name="Sequence">The change number; changes are read in this order, which is commit order.</param>
/// <param name="OwnerId">The owner.</param>
/// <param name="WorkId">The work, or 0 for a domain verification.</param>
/// <param name="Kind">The work's kind.</param>
/// <param name="Key">The work's normalised key.</param>
/// <param name="Host">The work's host or domain, or null.</param>
/// <param name="Radius">The PDQ radius, or 0.</param>
/// <param name="Statuses">The version's statuses.</param>
/// <param name="Withdrawn">True when the version withdraws the work.</param>
/// <param name="Proven">True when the version carries a proof of ownership.</param>
/// <param name="Domain">The verified domain, for a domain verification.</param>
public sealed record RegistryChange(long Sequence, long OwnerId, long WorkId, WorkKind Kind, string Key, string? Host, int Radius,
    ConsentStatuses Statuses, bool Withdrawn, bool Proven, string? Domain);
