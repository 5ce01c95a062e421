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

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
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
    /// Loads a COSE x5chain (leaf first): the leaf and the rest as intermediates, or the reason
    /// a certificate cannot be read. Certificates loaded before a failure are disposed.
    /// </summary>
    public static (X509Certificate2? Leaf, X509Certificate2Collection Intermediates, string? Problem) Load(IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        var intermediates = new X509Certificate2Collection();
        X509Certificate2? leaf = null;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(chain[0].Span);
            foreach (var der in chain.Skip(1)) intermediates.Add(X509CertificateLoader.LoadCertificate(der.Span));
            return (leaf, intermediates, null);
        }
        catch (CryptographicException e)
        {
            leaf?.Dispose();
            foreach (var certificate in intermediates) certificate.Dispose();
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
