using Candor.C2pa.Cose;
using Candor.FileSystem;

namespace Candor.C2pa.Trust;

/// <summary>
/// Where <c>candor c2pa keygen</c> puts a test credential made by <see cref="TestCertificateFactory"/>,
/// and the writing of it: <c>candor-test-ca.pem</c> (the trust anchor), <c>candor-test-ALG.chain.pem</c>
/// and <c>candor-test-ALG.key.pem</c>, the key created with mode 0600 (see <see cref="ExclusiveFile"/>).
/// </summary>
/// <param name="CaPath">The test CA certificate: the trust anchor for <c>candor verify --trust</c>.</param>
/// <param name="ChainPath">The signing certificate and the CA certificate.</param>
/// <param name="KeyPath">The signing key (PKCS#8 PEM, readable by its owner only).</param>
public sealed record TestCertificateFiles(string CaPath, string ChainPath, string KeyPath)
{
    /// <summary>The three file names in <paramref name="folder"/> for the algorithm named <paramref name="algorithmName"/> (es256, ed25519, …).</summary>
    public static TestCertificateFiles In(string folder, string algorithmName)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(algorithmName);
        var name = algorithmName.ToLowerInvariant();
        return new(Path.Combine(folder, "candor-test-ca.pem"), Path.Combine(folder, $"candor-test-{name}.chain.pem"), Path.Combine(folder, $"candor-test-{name}.key.pem"));
    }

    /// <summary>
    /// Makes a test credential for the algorithm named <paramref name="algorithmName"/> and writes it into
    /// <paramref name="folder"/> (created when missing). Every file is checked before anything is made: an
    /// existing one is refused unless <paramref name="overwrite"/>. When a write fails, the files this call
    /// already created are removed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="algorithmName"/> is not a C2PA signing algorithm.</exception>
    /// <exception cref="FileExistsException">A file exists and <paramref name="overwrite"/> is false; nothing was written.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static TestCertificateFiles Write(string folder, string algorithmName, bool overwrite)
    {
        if (!CoseAlgorithmNames.TryParse(algorithmName?.ToLowerInvariant(), out var algorithm))
            throw new ArgumentException($"unknown algorithm '{algorithmName}' ({CoseAlgorithmNames.Accepted})", nameof(algorithmName));
        var files = In(folder, algorithmName!);
        string[] all = [files.CaPath, files.ChainPath, files.KeyPath];
        if (!overwrite && all.FirstOrDefault(p => File.Exists(p) || Directory.Exists(p)) is { } existing) throw new FileExistsException(existing);
        var made = TestCertificateFactory.Create(algorithm);
        Directory.CreateDirectory(folder);
        var created = new List<string>();
        try
        {
            foreach (var (path, text, mode) in new[]
            {
                (files.KeyPath, made.PrivateKeyPem, ExclusiveFile.OwnerOnly),
                (files.ChainPath, made.ChainPem, ExclusiveFile.Readable),
                (files.CaPath, made.CaCertificatePem, ExclusiveFile.Readable),
            })
            {
                var existed = File.Exists(path);
                ExclusiveFile.WriteAllText(path, text, mode, overwrite);
                if (!existed) created.Add(path);
            }
        }
        catch
        {
            foreach (var path in created) File.Delete(path);
            throw;
        }
        return files;
    }
}
