using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>
/// X.509 certificates read once per process, keyed by a hash of their DER bytes. Loading a
/// certificate through the platform (OpenSSL 3) and later freeing it cost more than the rest of a
/// small manifest's validation, and the same signer, intermediate and time-stamping certificates
/// recur in file after file (and the store reader, the signature check and the chain check all
/// need the same leaf).
/// </summary>
/// <remarks>
/// Ownership: the cache owns every certificate it hands out. Callers use them and never dispose
/// them. The cache holds at most <see cref="Capacity"/> certificates; when it is full it forgets
/// them all at once and starts again. A forgotten certificate is never disposed by the cache (a
/// caller on another thread may still be using it): the runtime releases its native handle once
/// nobody holds it. A DER that does not load is not cached: every caller gets the platform's
/// <see cref="CryptographicException"/>. Safe to use from several threads at once.
/// </remarks>
internal static class CertificateCache
{
    /// <summary>Most certificates held at once.</summary>
    public const int Capacity = 512;

    private static readonly ConcurrentDictionary<UInt128, CachedCertificate> Entries = new();

    /// <summary>The certificate whose DER encoding is <paramref name="der"/>, loaded on first use.</summary>
    /// <exception cref="CryptographicException">The bytes are not a certificate the platform can load.</exception>
    public static CachedCertificate Get(ReadOnlySpan<byte> der)
    {
        // The key is a fast non-cryptographic hash: a hit is confirmed byte for byte against the DER,
        // so a collision costs a reload, never a wrong certificate. SHA-256 is computed once, on load.
        var key = XxHash128.HashToUInt128(der);
        if (Entries.TryGetValue(key, out var cached) && cached.Certificate.RawDataMemory.Span.SequenceEqual(der)) return cached;
        var loaded = new CachedCertificate(X509CertificateLoader.LoadCertificate(der), SHA256.HashData(der));
        if (Entries.Count >= Capacity) Entries.Clear();
        Entries[key] = loaded;
        return loaded;
    }

    /// <summary>Number of certificates held now.</summary>
    public static int Count => Entries.Count;

    /// <summary>Forgets every certificate (benchmarks measure the first validation this way).</summary>
    public static void Clear() => Entries.Clear();

}
