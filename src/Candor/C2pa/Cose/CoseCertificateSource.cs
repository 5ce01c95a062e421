namespace Candor.C2pa.Cose;

/// <summary>Where a COSE_Sign1 carries its certificate chain.</summary>
public enum CoseCertificateSource
{
    /// <summary>No certificate chain.</summary>
    None,
    /// <summary>x5chain, label 33, in the protected header (current C2PA).</summary>
    ProtectedHeader,
    /// <summary>The legacy text key "x5chain" in the unprotected header (early C2PA signers).</summary>
    UnprotectedHeader,
}
