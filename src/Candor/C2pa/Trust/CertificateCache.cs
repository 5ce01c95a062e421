using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>
/// X.509 certificates read once per process, keyed by the SHA-256 of their DER bytes. Loading a
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

    private static readonly ConcurrentDictionary<DerKey, CachedCertificate> Entries = new();

    /// <summary>The certificate whose DER encoding is <paramref name="der"/>, loaded on first use.</summary>
    /// <exception cref="CryptographicException">The bytes are not a certificate the platform can load.</exception>
    public static CachedCertificate Get(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(der, hash);
        var key = new DerKey(MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
        if (Entries.TryGetValue(key, out var cached) && cached.Certificate.RawDataMemory.Span.SequenceEqual(der)) return cached;
        var loaded = new CachedCertificate(X509CertificateLoader.LoadCertificate(der), hash.ToArray());
        if (Entries.Count >= Capacity) Entries.Clear();
        Entries[key] = loaded;
        return loaded;
    }

    /// <summary>Number of certificates held now.</summary>
    public static int Count => Entries.Count;

    /// <summary>Forgets every certificate (benchmarks measure the first validation this way).</summary>
    public static void Clear() => Entries.Clear();

    private readonly record struct DerKey(UInt128 Low, UInt128 High);
}
