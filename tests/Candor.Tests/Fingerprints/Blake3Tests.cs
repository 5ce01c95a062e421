using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

/// <summary>
/// The Blake3 package (3.0.2, managed SIMD) that <see cref="Candor.Fingerprints.ModelHashes"/> uses, held to the
/// official vectors and to incremental feeding, since model-file names depend on its digests.
/// </summary>
public class Blake3Tests
{
    // Official BLAKE3 test vectors (test_vectors/test_vectors.json, "hash" mode, first 32 bytes):
    // input is bytes i % 251.
    [Theory]
    [InlineData(0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData(1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213")]
    [InlineData(1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11")]
    [InlineData(1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7")]
    [InlineData(1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444")]
    [InlineData(2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a")]
    [InlineData(2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030")]
    [InlineData(3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2")]
    [InlineData(3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3")]
    [InlineData(4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969")]
    [InlineData(4097, "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995")]
    [InlineData(5120, "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833")]
    [InlineData(5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff")]
    [InlineData(6144, "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205")]
    [InlineData(6145, "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f")]
    [InlineData(7168, "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a")]
    [InlineData(7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817")]
    [InlineData(8192, "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63")]
    [InlineData(8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b")]
    [InlineData(16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4")]
    [InlineData(31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47")]
    [InlineData(102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085")]
    public void Official_test_vector_hashes_match(int length, string expected)
    {
        Assert.Equal(expected, Hex(Pattern(length)));
    }

    [Theory]
    [InlineData(1025)]
    [InlineData(8193)]
    [InlineData(102400)]
    public void Byte_by_byte_appends_give_the_official_digest(int length)
    {
        var input = Pattern(length);
        using var hasher = Blake3.Hasher.New();
        foreach (var b in input) hasher.Update([b]);
        Assert.Equal(Hex(input), hasher.Finalize().ToString());
    }

    [Fact]
    public void Finish_does_not_disturb_further_appends()
    {
        var input = Pattern(5000);
        using var hasher = Blake3.Hasher.New();
        hasher.Update(input.AsSpan(0, 3000));
        Assert.Equal(Hex(input.AsSpan(0, 3000)), hasher.Finalize().ToString());
        hasher.Update(input.AsSpan(3000));
        Assert.Equal(Hex(input), hasher.Finalize().ToString());
    }

    [Fact]
    public void Reset_starts_over()
    {
        using var hasher = Blake3.Hasher.New();
        hasher.Update(Pattern(4097));
        hasher.Reset();
        Assert.Equal("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", hasher.Finalize().ToString());
    }

    [Fact]
    public void Incremental_hashing_in_random_pieces_equals_one_shot()
    {
        var gen =
            from length in Gen.Choose(0, 40_000)
            from seed in Gen.Choose(0, int.MaxValue)
            from cuts in Gen.ListOf(Gen.Choose(0, 40_000))
            select (length, seed, cuts);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var data = new byte[t.length];
            new Random(t.seed).NextBytes(data);
            using var hasher = Blake3.Hasher.New();
            var position = 0;
            foreach (var cut in t.cuts.Select(c => Math.Min(c, t.length)).Order())
            {
                hasher.Update(data.AsSpan(position, cut - position));
                position = cut;
            }
            hasher.Update(data.AsSpan(position));
            return hasher.Finalize().ToString() == Hex(data);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    private static string Hex(ReadOnlySpan<byte> data) => Blake3.Hasher.Hash(data).ToString();

    internal static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++) data[i] = (byte)(i % 251);
        return data;
    }
}
