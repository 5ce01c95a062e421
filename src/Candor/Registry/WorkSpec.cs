namespace Candor.Registry;

/// <summary>A work as an owner asks to register it, before normalisation.</summary>
/// <param name="Kind">How the work is identified.</param>
/// <param name="Value">The URL, URL prefix, domain, SHA-256 (64 hex) or PDQ hash (64 hex).</param>
/// <param name="Statuses">The status per use (e.g. <see cref="ConsentStatuses.OptOutAll"/>).</param>
/// <param name="Radius">For <see cref="WorkKind.Pdq"/>: the Hamming radius, 0 to 63 (default <see cref="ConsentRegistry.DefaultPdqRadius"/>); ignored otherwise.</param>
/// <param name="Label">An optional note for the owner (a title, a file name); at most 500 characters.</param>
public sealed record WorkSpec(WorkKind Kind, string Value, ConsentStatuses Statuses, int? Radius = null, string? Label = null);
