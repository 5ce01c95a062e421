// TEMPORARY STUB — replaced by the credentials work (wip-cred) at merge.
using System.Security.Cryptography.X509Certificates;
namespace Candor.C2pa.Trust;
/// <summary>Stub.</summary>
public sealed class C2paTrustSettings
{
    /// <summary>Stub.</summary>
    public static C2paTrustSettings None { get; } = new();
    /// <summary>Stub.</summary>
    public X509Certificate2Collection Anchors { get; } = [];
    /// <summary>Stub.</summary>
    public DateTimeOffset? ValidationTime { get; init; }
    /// <summary>Stub.</summary>
    public bool AllowNetwork { get; init; }
    /// <summary>Stub.</summary>
    public static C2paTrustSettings FromPemFiles(params string[] paths) { var s = new C2paTrustSettings(); foreach (var p in paths) s.Anchors.ImportFromPemFile(p); return s; }
}
