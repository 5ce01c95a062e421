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

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
