namespace Candor.Registry;

/// <summary>Someone who registers works: an artist, an agency, a site. Owners see and change only their own works.</summary>
/// <param name="Id">The owner's number, assigned by the store.</param>
/// <param name="Name">A display name (not checked; proofs are what make works verified).</param>
/// <param name="VerificationToken">The random token the owner publishes to prove a domain (see <see cref="ConsentRegistry.DomainProofText"/>).</param>
/// <param name="CertificateSha256">The SHA-256 (hex) of the DER certificate the owner signs C2PA manifests with, or null.</param>
/// <param name="WatermarkKeyId">The id (<see cref="Watermark.WatermarkKey.Id"/>) of the owner's Candor watermark key, or null. The secret key itself is never stored.</param>
/// <param name="CreatedAt">When the owner was registered.</param>
public sealed record Owner(long Id, string Name, string VerificationToken, string? CertificateSha256, string? WatermarkKeyId, DateTimeOffset CreatedAt);
