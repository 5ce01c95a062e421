namespace Candor.C2pa.Trust;

/// <summary>
/// A throw-away signing credential made by <see cref="TestCertificateFactory"/>, as PEM texts.
/// </summary>
/// <param name="ChainPem">The signing certificate, then the test CA certificate (what goes into x5chain).</param>
/// <param name="PrivateKeyPem">The signing key as an unencrypted PKCS#8 "PRIVATE KEY" block.</param>
/// <param name="CaCertificatePem">The test CA certificate alone: the trust anchor to validate with.</param>
public sealed record TestCertificateSet(string ChainPem, string PrivateKeyPem, string CaCertificatePem);
