namespace Candor.Registry;

/// <summary>A work checked and normalised by <see cref="ConsentRegistry"/>, as handed to <see cref="IConsentStore.AddWorksAsync"/>.</summary>
/// <param name="Kind">How the work is identified.</param>
/// <param name="Key">The normalised key: <see cref="Consent.ConsentUrl.ExactKey"/>, <see cref="Consent.ConsentUrl.PrefixKey"/>, a domain, or 64 lower-case hex digits.</param>
/// <param name="Host">The host or domain of a URL, prefix or domain work; null for image works.</param>
/// <param name="Radius">The Hamming radius of a PDQ work; 0 otherwise.</param>
/// <param name="Statuses">The first version's statuses.</param>
/// <param name="Proof">The proof of ownership already checked, or null.</param>
/// <param name="Label">The owner's note, or null.</param>
public sealed record NewWork(WorkKind Kind, string Key, string? Host, int Radius, ConsentStatuses Statuses, string? Proof, string? Label);
