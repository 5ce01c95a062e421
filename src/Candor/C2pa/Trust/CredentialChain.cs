using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>Builds a certificate's chain to the configured trust anchors.</summary>
internal static class CredentialChain
{
    /// <summary>
    /// Why <paramref name="leaf"/> is not trusted at <paramref name="time"/>, or null when its chain
    /// (through <paramref name="intermediates"/>) ends in one of <paramref name="anchors"/> and the
    /// leaf's extended key usage fits: <paramref name="requiredEku"/>, or when null one of the C2PA
    /// signer purposes. Revocation is not checked and nothing is downloaded.
    /// </summary>
    public static string? Untrusted(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection anchors, DateTimeOffset time, string? requiredEku)
    {
        if (anchors.Count == 0) return "no trust anchors are configured";
        var ekuFits = requiredEku is null
            ? C2paCertificateProfile.HasSignerEku(leaf)
            : C2paCertificateProfile.Ekus(leaf)?.Contains(requiredEku) == true;
        if (!ekuFits)
            return requiredEku is null
                ? "its extended key usage names no C2PA signer purpose"
                : $"its extended key usage lacks {requiredEku}";

        var key = ChainKey.Of(leaf, intermediates, anchors);
        var at = time.UtcDateTime;
        if (Results.TryGetValue(key, out var known) && known.HoldsAt(at)) return known.Untrusted;
        var untrusted = Build(leaf, intermediates, anchors, at);
        if (Results.Count >= ResultCapacity) Results.Clear();
        Results[key] = new ChainResult(untrusted, at, Boundaries(leaf, intermediates, anchors));
        return untrusted;
    }

    // Chain results by the exact certificates involved (leaf, intermediates, anchors). Revocation is
    // not checked and nothing is downloaded, so a result depends on the time only through the
    // certificates' validity bounds: it holds at any time on the same side of every bound as the time
    // it was worked out at. Bounded: forgotten all at once when full. Building a chain through the
    // platform costs 0.3–20 ms; a file of a known signer needs none.
    private const int ResultCapacity = 1024;
    private static readonly ConcurrentDictionary<ChainKey, ChainResult> Results = new();

    /// <summary>Forgets every chain result (benchmarks measure the first validation this way).</summary>
    public static void ClearResults() => Results.Clear();

    private sealed record ChainResult(string? Untrusted, DateTime VerifiedAt, DateTime[] Bounds)
    {
        public bool HoldsAt(DateTime time)
        {
            foreach (var bound in Bounds)
                if ((bound <= VerifiedAt) != (bound <= time)) return false;
            return true;
        }
    }

    private readonly record struct ChainKey(UInt128 Low, UInt128 High)
    {
        public static ChainKey Of(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection anchors)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var separator = new byte[4];
            void Add(X509Certificate2 certificate)
            {
                var der = certificate.RawDataMemory.Span;
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(separator, der.Length);
                hash.AppendData(separator);
                hash.AppendData(der);
            }
            Add(leaf);
            foreach (var certificate in intermediates) Add(certificate);
            hash.AppendData("anchors"u8);
            foreach (var certificate in anchors) Add(certificate);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            hash.GetHashAndReset(digest);
            return new(MemoryMarshal.Read<UInt128>(digest), MemoryMarshal.Read<UInt128>(digest[16..]));
        }
    }

    private static DateTime[] Boundaries(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection anchors) =>
        [.. new[] { leaf }.Concat(intermediates).Concat(anchors).SelectMany(c => new[] { c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime() })];

    private static string? Build(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection anchors, DateTime time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time;
        try
        {
            if (chain.Build(leaf)) return null;
        }
        catch (CryptographicException e)
        {
            return $"its chain cannot be built ({e.Message})";
        }
        var problems = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        return problems.Count > 0 ? string.Join("; ", problems) : "its chain does not end in a trust anchor";
    }

    /// <summary>
    /// Loads a COSE x5chain (leaf first) through the <see cref="CertificateCache"/>: the leaf and the
    /// rest as intermediates, or the reason a certificate cannot be read. The certificates belong to
    /// the cache: callers do not dispose them.
    /// </summary>
    public static (CachedCertificate? Leaf, X509Certificate2Collection Intermediates, string? Problem) Load(IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        try
        {
            var leaf = CertificateCache.Get(chain[0].Span);
            var intermediates = new X509Certificate2Collection();
            for (var i = 1; i < chain.Count; i++) intermediates.Add(CertificateCache.Get(chain[i].Span).Certificate);
            return (leaf, intermediates, null);
        }
        catch (CryptographicException e)
        {
            return (null, [], e.Message);
        }
    }

    /// <summary>
    /// Why the certificate's fields cannot be read, or null. The platform decodes some fields only
    /// when they are first used, so a damaged certificate that loaded can still throw later; this
    /// reads every field the checks use once, up front.
    /// </summary>
    public static string? Unreadable(X509Certificate2 certificate)
    {
        try
        {
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.Subject;
            _ = certificate.Issuer;
            _ = certificate.Version;
            _ = certificate.SignatureAlgorithm.Value;
            _ = certificate.PublicKey.Oid.Value;
            _ = certificate.PublicKey.EncodedKeyValue.RawData;
            _ = certificate.PublicKey.EncodedParameters?.RawData;
            foreach (var extension in certificate.Extensions)
            {
                _ = extension.Oid?.Value switch
                {
                    "2.5.29.37" => new X509EnhancedKeyUsageExtension(extension, extension.Critical).EnhancedKeyUsages.Count,
                    "2.5.29.15" => (int)new X509KeyUsageExtension(extension, extension.Critical).KeyUsages,
                    "2.5.29.19" => new X509BasicConstraintsExtension(extension, extension.Critical).CertificateAuthority ? 1 : 0,
                    _ => 0,
                };
            }
            return null;
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return $"the certificate cannot be decoded ({e.Message})";
        }
    }
}
