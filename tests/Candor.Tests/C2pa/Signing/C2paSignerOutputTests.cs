using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.FileSystem;

namespace Candor.Tests.C2pa.Signing;

// SignFile never replaces a file silently and never writes a name that promises another format.
public sealed class C2paSignerOutputTests : IDisposable
{
    private const string Png = "c2pa/png/libpng-test.png";
    private const string Jpeg = "c2pa/jpeg/adobe-20220124-A.jpg";
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-sign-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    private static C2paSignOptions Options()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(Corpus.Path("c2pa/certs/c2pa-rs-es256.chain.pem"));
        return new C2paSignOptions
        {
            Algorithm = CoseAlgorithm.Es256,
            Key = CoseSigningKey.FromPem(File.ReadAllText(Corpus.Path("c2pa/certs/c2pa-rs-es256.key.pem"))),
            Chain = [.. chain],
            DigitalSourceType = "trainedAlgorithmicMedia",
        };
    }

    [SkippableFact]
    public void An_existing_output_is_refused_and_left_alone_unless_overwrite()
    {
        File.WriteAllText(In("out.png"), "keep me");
        var e = Assert.Throws<FileExistsException>(() => C2paSigner.SignFile(Corpus.Path(Png), In("out.png"), Options()));
        Assert.Equal(In("out.png"), e.Path);
        Assert.Equal("keep me", File.ReadAllText(In("out.png")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));

        C2paSigner.SignFile(Corpus.Path(Png), In("out.png"), Options() with { Overwrite = true });
        Assert.NotEqual("keep me", File.ReadAllText(In("out.png")));
    }

    [SkippableFact]
    public void An_existing_sidecar_is_refused_too()
    {
        File.WriteAllText(In("out.c2pa"), "keep me");
        var e = Assert.Throws<FileExistsException>(() => C2paSigner.SignFile(Corpus.Path(Png), In("out.png"), Options() with { Sidecar = true }));
        Assert.Equal(In("out.c2pa"), e.Path);
        Assert.False(File.Exists(In("out.png")));
        Assert.Equal("keep me", File.ReadAllText(In("out.c2pa")));
    }

    [SkippableTheory]
    [InlineData(Jpeg, "out.png", "is named as a PNG file but the image is JPEG; give it a JPEG extension (.jpg, .jpeg, .jpe, .jfif)")]
    [InlineData(Png, "out.webp", "is named as a WebP file but the image is PNG; give it a PNG extension (.png)")]
    public void An_output_named_for_another_format_is_refused(string input, string output, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => C2paSigner.SignFile(Corpus.Path(input), In(output), Options()));
        Assert.Contains(expected, e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [SkippableTheory]
    [InlineData(Jpeg, "out.JPEG")]
    [InlineData(Png, "out.signed")]
    public void An_output_with_the_input_format_or_no_image_extension_is_written(string input, string output)
    {
        C2paSigner.SignFile(Corpus.Path(input), In(output), Options());
        Assert.True(File.Exists(In(output)));
    }
}
