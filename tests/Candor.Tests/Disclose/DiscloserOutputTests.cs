using System.Security.Cryptography;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.Disclose;
using Candor.Tests.Formats;
using static Candor.Tests.C2pa.Trust.TestCredentials;

namespace Candor.Tests.Disclose;

// Discloser.Apply refuses, before writing anything, an --out that exists or is named for another
// format, and signing credentials that would not validate.
public sealed class DiscloserOutputTests : IDisposable
{
    private static readonly DisclosureRequest Request = new() { SourceTypeCode = "digitalCapture" };
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-discloser-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Copy(string relative)
    {
        var target = Path.Combine(_dir, Path.GetFileName(relative));
        File.Copy(Corpus.Path(relative), target);
        return target;
    }

    [SkippableFact]
    public void An_existing_out_file_is_refused_unless_overwrite()
    {
        var file = Copy("generators/none/empty.jpg");
        var output = Path.Combine(_dir, "labelled.jpg");
        File.WriteAllText(output, "keep me");

        var refused = Discloser.Apply(file, Request, output);
        Assert.Equal(DisclosureStatus.RefusedOutputExists, refused.Status);
        Assert.Equal($"{output} already exists; not replacing it", refused.Error);
        Assert.Equal("keep me", File.ReadAllText(output));

        var replaced = Discloser.Apply(file, Request with { Overwrite = true }, output);
        Assert.Equal(DisclosureStatus.Written, replaced.Status);
        Assert.NotEqual("keep me", File.ReadAllText(output));
    }

    [SkippableFact]
    public void Out_naming_the_file_itself_is_the_in_place_write()
    {
        var file = Copy("generators/none/empty.jpg");
        Assert.Equal(DisclosureStatus.Written, Discloser.Apply(file, Request, file).Status);
    }

    [SkippableFact]
    public void Out_named_for_another_format_is_refused_naming_the_right_one()
    {
        var file = Copy("generators/none/empty.jpg");
        var output = Path.Combine(_dir, "labelled.png");
        var outcome = Discloser.Apply(file, Request, output);
        Assert.Equal(DisclosureStatus.Failed, outcome.Status);
        Assert.Contains("is named as a PNG file but the image is JPEG; give it a JPEG extension (.jpg", outcome.Error);
        Assert.False(File.Exists(output));
    }

    [SkippableFact]
    public void Credentials_that_would_not_validate_are_refused_before_the_file_changes()
    {
        var file = Copy("generators/none/empty.jpg");
        var original = File.ReadAllBytes(file);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = RootCa();
        using var expired = Issue(LeafRequest(key), ca, Now.AddYears(-2), Now.AddYears(-1));
        using var credentials = new C2paSigningCredentials(CoseSigningKey.FromECDsa(key), [expired, ca]);

        var outcome = Discloser.Apply(file, Request with { Signing = credentials });
        Assert.Equal(DisclosureStatus.Failed, outcome.Status);
        Assert.Contains("expired on", outcome.Error);
        Assert.Equal(original, File.ReadAllBytes(file));

        var allowed = Discloser.Apply(file, Request with { Signing = credentials, AllowInvalidCertificate = true });
        Assert.Equal(DisclosureStatus.Written, allowed.Status);
        Assert.True(Discloser.HasContentCredentials(file));
    }

    [Fact]
    public void A_signature_that_fails_leaves_the_file_unlabelled()
    {
        // A PNG whose existing C2PA store is damaged: its XMP can be written, but the store cannot become
        // the new manifest's parent ingredient, so signing fails after the credential checks have passed.
        var file = Path.Combine(_dir, "damaged-store.png");
        File.WriteAllBytes(file, SyntheticImages.Png(
            SyntheticImages.Ihdr(4, 4, 2),
            SyntheticImages.Chunk("caBX", "\0\0\0\x10jumbgarbagegarb"u8),
            SyntheticImages.Chunk("IDAT", SyntheticImages.Zlib(new byte[4 * 13])),
            SyntheticImages.Chunk("IEND", [])));
        var original = File.ReadAllBytes(file);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = RootCa();
        using var leaf = Issue(LeafRequest(key), ca);
        using var credentials = new C2paSigningCredentials(CoseSigningKey.FromECDsa(key), [leaf, ca]);

        var outcome = Discloser.Apply(file, Request with { Signing = credentials });
        Assert.Equal(DisclosureStatus.Failed, outcome.Status);
        Assert.Contains("JUMBF", outcome.Error);
        Assert.Equal(original, File.ReadAllBytes(file));
    }
}
