namespace Candor.Consent;

/// <summary>
/// One item to check against a registry: any of its URL, the SHA-256 of its bytes and its PDQ fingerprint
/// (at least one must be given).
/// </summary>
/// <param name="Url">The item's URL as found in the data set (normalised by the checker).</param>
/// <param name="Sha256">The SHA-256 of the item's bytes, 64 hexadecimal digits.</param>
/// <param name="Pdq">The item's PDQ hash, 64 hexadecimal digits.</param>
public sealed record ConsentQuery(string? Url = null, string? Sha256 = null, string? Pdq = null);
