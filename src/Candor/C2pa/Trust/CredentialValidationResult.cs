using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>
/// What <see cref="CredentialValidator"/> found for one manifest's claim signature.
/// </summary>
/// <param name="SignatureValid">True when the COSE signature verifies over the exact claim bytes.</param>
/// <param name="SigningTime">The time the certificates were judged at: the verified time-stamp's time, else the validation time.</param>
/// <param name="SigningCertificate">The signer's (leaf) certificate, or null when there is none or it cannot be read. It belongs to the process-wide certificate cache: do not dispose it.</param>
/// <param name="TimeStampTime">The time-stamp's genTime when a token verified against this signature (trusted or not), else null.</param>
/// <param name="Trusted">True when the signer's chain ends in a trust anchor.</param>
public sealed record CredentialValidationResult(
    bool SignatureValid,
    DateTimeOffset SigningTime,
    X509Certificate2? SigningCertificate,
    DateTimeOffset? TimeStampTime,
    bool Trusted);
