using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Trust;

namespace Candor.C2pa.Signing;

/// <summary>
/// A signing key and its certificate chain (signing certificate first), as read from the PEM files
/// <c>candor c2pa sign</c> and <c>candor disclose --c2pa</c> take. Disposing it disposes the key.
/// </summary>
public sealed class C2paSigningCredentials : IDisposable
{
    /// <summary>Wraps a key and its chain; the credentials own the key from now on.</summary>
    public C2paSigningCredentials(CoseSigningKey key, IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        Key = key;
        Chain = chain;
    }

    /// <summary>The private key that signs.</summary>
    public CoseSigningKey Key { get; }

    /// <summary>The certificate chain, signing certificate first.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Reads the PEM private key at <paramref name="keyPath"/> and the PEM chain at <paramref name="certificatePath"/>.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be read.</exception>
    /// <exception cref="CandorFormatException">The key or a certificate cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A certificate is not valid.</exception>
    public static C2paSigningCredentials Load(string certificatePath, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        var key = CoseSigningKey.FromPem(File.ReadAllText(keyPath));
        try
        {
            return new C2paSigningCredentials(key, [.. C2paTrustSettings.ReadPem(File.ReadAllText(certificatePath), certificatePath)]);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Why a manifest signed with these credentials and <paramref name="algorithm"/> at
    /// <paramref name="time"/> would fail <c>candor verify</c>, or null when it would not (see
    /// <see cref="FindProblem(CoseSigningKey, IReadOnlyList{X509Certificate2}, CoseAlgorithm, DateTimeOffset)"/>).
    /// </summary>
    public string? FindProblem(CoseAlgorithm algorithm, DateTimeOffset time) => FindProblem(Key, Chain, algorithm, time);

    /// <summary>
    /// Why a manifest signed with <paramref name="key"/>, <paramref name="chain"/> and <paramref name="algorithm"/>
    /// at <paramref name="time"/> would fail validation, in plain words with the status code the
    /// validator would give, or null when the credentials are sound. The checks are the validator's own:
    /// the signing certificate's validity at <paramref name="time"/> and the C2PA certificate profile
    /// (<see cref="C2paCertificateProfile"/>: extended key usage, not self-signed, key type and size…),
    /// and the key's public half compared with the certificate's, so a key that is not the certificate's
    /// (another key, or an EC key with an RSA certificate) is found before anything is signed.
    /// Whether the chain leads to a trust anchor is not checked: that is the verifier's choice of anchors.
    /// </summary>
    public static string? FindProblem(CoseSigningKey key, IReadOnlyList<X509Certificate2> chain, CoseAlgorithm algorithm, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0) return "the certificate chain is empty; it needs at least the signing certificate";
        var leaf = chain[0];
        if (!C2paCertificateProfile.IsValidAt(leaf, time))
        {
            var (from, until) = (leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
            var why = time.UtcDateTime > until ? $"expired on {until:u}" : $"is not valid before {from:u}";
            return $"the signing certificate '{leaf.Subject}' {why} (signingCredential.expired)";
        }
        if (C2paCertificateProfile.FindViolation(leaf) is { } violation)
            return $"the signing certificate '{leaf.Subject}' breaks the C2PA certificate profile: {violation} (signingCredential.invalid)";
        var keyKind = KeyKind(key);
        var certificateKind = CertificateKeyKind(leaf);
        if (keyKind != certificateKind)
            return $"the private key is {keyKind} key but the signing certificate '{leaf.Subject}' holds {certificateKind} key: the key does not belong to the certificate (claimSignature.mismatch)";
        if (!key.Supports(algorithm)) return null; // the algorithm is refused on its own, with the algorithms the key can use
        if (CoseSign1.KeySizeProblem(algorithm, key) is { } sizeProblem) return sizeProblem;
        return key.IsKeyOf(leaf) ? null
            : $"the private key does not belong to the signing certificate '{leaf.Subject}': its public key is not the one the certificate holds (claimSignature.mismatch)";
    }

    private static string KeyKind(CoseSigningKey key) =>
        key.Supports(CoseAlgorithm.Es256) ? "an EC" : key.Supports(CoseAlgorithm.Ps256) ? "an RSA" : "an Ed25519";

    private static string CertificateKeyKind(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        "1.2.840.10045.2.1" => "an EC",
        "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10" => "an RSA",
        "1.3.101.112" => "an Ed25519",
        var other => $"a {other}",
    };

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
