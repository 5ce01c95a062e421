using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using static Candor.Tests.C2pa.Trust.TestCredentials;

namespace Candor.Tests.C2pa.Signing;

// Credentials that sign today but fail verify are refused before anything is signed or written.
public sealed class C2paSigningCredentialsTests : IDisposable
{
    private static readonly X509Certificate2 Ca = RootCa("CN=Candor signing-credentials test root");
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-credentials-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A bad credential case: the key that signs, the leaf it is paired with, and what the refusal must say.
    public sealed record Case(string Name, Func<(AsymmetricAlgorithm Key, X509Certificate2 Leaf)> Make, string Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> BadCredentials() => new()
    {
        new("expired", () => Ec(k => Issue(LeafRequest(k), Ca, Now.AddYears(-2), Now.AddYears(-1))), "expired on"),
        new("not yet valid", () => Ec(k => Issue(LeafRequest(k), Ca, Now.AddDays(1), Now.AddYears(1))), "is not valid before"),
        new("no EKU", () => Ec(k => Issue(LeafRequest(k, r => Replace(r, "2.5.29.37", null)), Ca)), "no extended key usage"),
        new("serverAuth EKU", () => Ec(k => Issue(LeafRequest(k, r => Replace(r, "2.5.29.37",
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false))), Ca)), "has none that C2PA accepts"),
        new("self-signed", () => Ec(SelfSigned), "self-signed"),
        new("another EC key", () =>
        {
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var leaf = Issue(LeafRequest(other), Ca);
            return (ECDsa.Create(ECCurve.NamedCurves.nistP256), leaf);
        }, "does not belong to the signing certificate"),
        new("EC key with an RSA certificate", () =>
        {
            using var rsa = RSA.Create(2048);
            var leaf = Issue(LeafRequest(rsa), Ca);
            return (ECDsa.Create(ECCurve.NamedCurves.nistP256), leaf);
        }, "the private key is an EC key but the signing certificate 'CN=Candor unit-test signer' holds an RSA key"),
    };

    private static (AsymmetricAlgorithm, X509Certificate2) Ec(Func<ECDsa, X509Certificate2> leaf)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key, leaf(key));
    }

    private static X509Certificate2 SelfSigned(ECDsa key)
    {
        var request = LeafRequest(key, name: "CN=Self signed");
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(new X509SubjectKeyIdentifierExtension(request.PublicKey, false)));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
    }

    private static CoseSigningKey Wrap(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => CoseSigningKey.FromECDsa(ec),
        RSA rsa => CoseSigningKey.FromRsa(rsa),
        _ => throw new ArgumentException("EC or RSA", nameof(key)),
    };

    [Fact]
    public void Sound_ec_and_rsa_credentials_have_no_problem()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ecLeaf = Issue(LeafRequest(ec), Ca);
        Assert.Null(C2paSigningCredentials.FindProblem(CoseSigningKey.FromECDsa(ec), [ecLeaf, Ca], CoseAlgorithm.Es256, Now));
        using var rsa = RSA.Create(2048);
        using var rsaLeaf = Issue(LeafRequest(rsa), Ca);
        Assert.Null(C2paSigningCredentials.FindProblem(CoseSigningKey.FromRsa(rsa), [rsaLeaf, Ca], CoseAlgorithm.Ps256, Now));
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public void Credentials_that_would_fail_verify_are_named_with_the_reason(Case bad)
    {
        var (key, leaf) = bad.Make();
        using (key)
        using (leaf)
        {
            var problem = C2paSigningCredentials.FindProblem(Wrap(key), [leaf, Ca], key is ECDsa ? CoseAlgorithm.Es256 : CoseAlgorithm.Ps256, Now);
            Assert.NotNull(problem);
            Assert.Contains(bad.Expected, problem);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BadCredentials))]
    public void SignFile_refuses_them_and_writes_nothing_unless_allowed(Case bad)
    {
        var (key, leaf) = bad.Make();
        using (key)
        using (leaf)
        {
            var output = Path.Combine(_dir, "signed.png");
            var options = new C2paSignOptions
            {
                Algorithm = CoseAlgorithm.Es256,
                Key = Wrap(key),
                Chain = [leaf, Ca],
                DigitalSourceType = "trainedAlgorithmicMedia",
                Sidecar = true,
            };
            var e = Assert.Throws<ArgumentException>(() => C2paSigner.SignFile(Corpus.Path("c2pa/png/libpng-test.png"), output, options));
            Assert.Contains(bad.Expected, e.Message);
            Assert.Contains("nothing was signed", e.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));

            // The escape hatch for making invalid test fixtures still signs.
            C2paSigner.SignFile(Corpus.Path("c2pa/png/libpng-test.png"), output, options with { AllowInvalidCertificate = true });
            Assert.True(File.Exists(output));
            Assert.True(File.Exists(Path.ChangeExtension(output, ".c2pa")));
        }
    }
}
