namespace Candor.C2pa.Cose;

/// <summary>The outcome of checking a COSE_Sign1 signature.</summary>
public enum CoseVerificationStatus
{
    /// <summary>The signature verifies with the leaf certificate's key.</summary>
    Valid,
    /// <summary>The signature does not verify (wrong key, altered payload or signature, key of the wrong kind).</summary>
    Invalid,
    /// <summary>The algorithm is absent or not one Candor verifies.</summary>
    UnsupportedAlgorithm,
    /// <summary>The signature cannot be checked: no certificate, or an unreadable one.</summary>
    Malformed,
}
