using System.Security.Cryptography;
using Candor.C2pa.Cose;

namespace Candor.Tests.C2pa.Cose;

public class CoseSigningKeyTests
{
    [Fact]
    public void A_private_key_of_an_algorithm_COSE_signing_does_not_use_is_an_unsupported_format_error()
    {
        using var dsa = DSA.Create(2048);
        var e = Assert.Throws<CandorFormatException>(() => CoseSigningKey.FromPem(dsa.ExportPkcs8PrivateKeyPem()));
        Assert.Equal(FormatErrorKind.Unsupported, e.Kind);
        Assert.Contains("not one Candor can sign with", e.Message);
    }

    [Fact]
    public void A_PEM_block_that_is_not_a_private_key_is_an_unsupported_format_error()
    {
        const string pem = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
        Assert.Equal(FormatErrorKind.Unsupported, Assert.Throws<CandorFormatException>(() => CoseSigningKey.FromPem(pem)).Kind);
    }

    [Fact]
    public void Text_without_a_PEM_block_is_a_malformed_format_error()
    {
        Assert.Equal(FormatErrorKind.Malformed, Assert.Throws<CandorFormatException>(() => CoseSigningKey.FromPem("no key here")).Kind);
    }
}
