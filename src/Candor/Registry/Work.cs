namespace Candor.Registry;

/// <summary>A registered work in its current version.</summary>
/// <param name="Id">The work's number, unique in the registry.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="Kind">How it is identified.</param>
/// <param name="Key">Its normalised key (see <see cref="NewWork.Key"/>).</param>
/// <param name="Host">The host or domain of a URL work; null for image works.</param>
/// <param name="Radius">The Hamming radius of a PDQ work; 0 otherwise.</param>
/// <param name="Label">The owner's note, or null.</param>
/// <param name="Version">The current version, 1 for a new work.</param>
/// <param name="Statuses">The statuses of the current version.</param>
/// <param name="Withdrawn">True when the current version withdraws the work: it no longer says anything.</param>
/// <param name="Proof">The proof of ownership recorded for an image work, or null.</param>
/// <param name="CreatedAt">When the first version was written.</param>
/// <param name="ChangedAt">When the current version was written.</param>
public sealed record Work(long Id, long OwnerId, WorkKind Kind, string Key, string? Host, int Radius, string? Label, int Version,
    ConsentStatuses Statuses, bool Withdrawn, string? Proof, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt);
