using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Candor.Fingerprints;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

public class ModelHashesTests
{
    private static readonly Evidence Here = new("test");

    [Fact]
    public void Plain_file_gets_whole_file_hashes_and_no_safetensors_values()
    {
        var h = ModelHashes.Compute(new MemoryStream("hello world"u8.ToArray()));
        Assert.Equal("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", h.Sha256);
        Assert.Equal("b94d27b993", h.AutoV2);
        Assert.Equal("b94d27b9934d", h.Sha256Prefix12);
        Assert.Equal("0d4a1185", h.Crc32);
        Assert.Equal("85114A0D", h.FormatCrc32Civitai());
        Assert.Equal("d74981efa70a0c880b8d8c1985d075dbcbf679b99a5f9914e5aaf96b831a9e24", h.Blake3);
        Assert.Equal(11, h.Size);
        Assert.False(h.IsSafetensors);
        Assert.Null(h.TensorSha256);
        Assert.Null(h.Addnet);
        Assert.Null(h.AutoV1);
    }

    [Fact]
    public void Safetensors_data_hash_skips_the_header()
    {
        var tensors = ModelFiles.RandomBytes(3000, 1);
        var file = ModelFiles.Safetensors("""{"w":{"dtype":"F32","shape":[750],"data_offsets":[0,3000]}}""", tensors);
        var h = ModelHashes.Compute(new MemoryStream(file));
        var expected = Convert.ToHexStringLower(SHA256.HashData(tensors));
        Assert.True(h.IsSafetensors);
        Assert.Equal(expected, h.TensorSha256);
        Assert.Equal(expected, h.AutoV3);
        Assert.Equal(expected[..12], h.Addnet);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), h.Sha256);
        Assert.Empty(h.EmbeddedMetadata);
        Assert.Null(h.HeaderProblem);
    }

    [Fact]
    public void Safetensors_metadata_hash_entries_are_read()
    {
        var header = """{"__metadata__":{"sshs_model_hash":"ABCDEF0123","sshs_legacy_hash":"12345678","modelspec.hash_sha256":"0xfeed","ss_other":"x","modelspec.title":"T"},"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}""";
        var h = ModelHashes.Compute(new MemoryStream(ModelFiles.Safetensors(header, [1, 2, 3, 4])));
        Assert.Equal("ABCDEF0123", h.EmbeddedMetadata["sshs_model_hash"]);
        Assert.Equal("12345678", h.EmbeddedMetadata["sshs_legacy_hash"]);
        Assert.Equal("0xfeed", h.EmbeddedMetadata["modelspec.hash_sha256"]);
        Assert.Equal("T", h.EmbeddedMetadata["modelspec.title"]);
        Assert.False(h.EmbeddedMetadata.ContainsKey("ss_other"));
    }

    [Fact]
    public void AutoV1_is_sha256_of_64_KiB_at_1_MiB()
    {
        var data = ModelFiles.RandomBytes(0x200000 + 12345, 7);
        var h = ModelHashes.Compute(new MemoryStream(data));
        var expected = Convert.ToHexStringLower(SHA256.HashData(data.AsSpan(0x100000, 0x10000)))[..8];
        Assert.Equal(expected, h.AutoV1);
        Assert.True(h.Matches(new ClaimedHash(HashKind.AutoV1, expected.ToUpperInvariant(), Here)));
    }

    [Fact]
    public void AutoV1_of_a_file_ending_inside_the_window_hashes_what_is_there_as_A1111_does()
    {
        var data = ModelFiles.RandomBytes(0x100000 + 100, 8);
        var h = ModelHashes.Compute(new MemoryStream(data));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data.AsSpan(0x100000)))[..8], h.AutoV1);
        Assert.Null(ModelHashes.Compute(new MemoryStream(new byte[0x100000])).AutoV1);
    }

    [Fact]
    public void Short_reads_give_the_same_hashes()
    {
        var file = ModelFiles.Safetensors("""{"__metadata__":{"sshs_model_hash":"aa"}}""", ModelFiles.RandomBytes(5000, 3));
        var whole = ModelHashes.Compute(new MemoryStream(file));
        var trickle = ModelHashes.Compute(new TrickleStream(file, 3));
        Assert.Equal(whole.Sha256, trickle.Sha256);
        Assert.Equal(whole.TensorSha256, trickle.TensorSha256);
        Assert.Equal(whole.Blake3, trickle.Blake3);
        Assert.Equal(whole.Crc32, trickle.Crc32);
        Assert.Equal("aa", trickle.EmbeddedMetadata["sshs_model_hash"]);
    }

    [Fact]
    public void Progress_reports_bytes_read()
    {
        var reports = new List<long>();
        ModelHashes.Compute(new MemoryStream(new byte[3_000_000]), new SyncProgress(reports.Add));
        Assert.Equal(3_000_000, reports[^1]);
    }

    [Fact]
    public void Cancellation_stops_hashing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ModelHashes.Compute(new MemoryStream(new byte[10]), null, cts.Token));
    }

    [Fact]
    public void Header_that_is_not_json_still_gets_the_data_hash_and_a_problem()
    {
        var h = ModelHashes.Compute(new MemoryStream(ModelFiles.Safetensors("{not json", [9, 9])));
        Assert.True(h.IsSafetensors);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 9, 9 })), h.TensorSha256);
        Assert.NotNull(h.HeaderProblem);
    }

    [Fact]
    public void Length_prefix_beyond_the_file_means_not_safetensors()
    {
        var bytes = new byte[100];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        bytes[8] = (byte)'{';
        var h = ModelHashes.Compute(new MemoryStream(bytes));
        Assert.False(h.IsSafetensors);
        Assert.Null(h.TensorSha256);
    }

    [Fact]
    public void Hostile_headers_never_throw()
    {
        var gen =
            from n in Gen.OneOf(Gen.Choose(0, 300).Select(i => (ulong)i), Gen.Elements(ulong.MaxValue, (ulong)long.MaxValue, 1UL << 40, 100_000_001UL))
            from body in Gen.ArrayOf(Gen.Elements("{", "}", "[", "]", "\"", ":", ",", "__metadata__", "sshs_model_hash", "1", "\\", "\u00ff", " ", "null"))
            from tail in Gen.Choose(0, 300)
            select (n, string.Concat(body), tail);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var header = Encoding.UTF8.GetBytes(t.Item2);
            var file = new byte[8 + header.Length + t.tail];
            BinaryPrimitives.WriteUInt64LittleEndian(file, t.n);
            header.CopyTo(file, 8);
            var h = ModelHashes.Compute(new MemoryStream(file));
            return h.Size == file.Length && (!h.IsSafetensors || h.TensorSha256 is not null);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Theory]
    [InlineData(HashKind.AutoV2, "B94D27B993", true)]
    [InlineData(HashKind.AutoV2, "b94d27b994", false)]
    [InlineData(HashKind.AutoV2, "b94d27b9", false)]
    [InlineData(HashKind.Sha256, "0xB94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9", true)]
    [InlineData(HashKind.Sha256Prefix12, "b94d27b9934d", true)]
    [InlineData(HashKind.Crc32, "85114A0D", true)]
    [InlineData(HashKind.Crc32, "0d4a1185", true)]
    [InlineData(HashKind.Crc32, "0d4a1186", false)]
    [InlineData(HashKind.Unknown, "b94d27b9934d", true)]
    [InlineData(HashKind.Unknown, "not hex!", false)]
    [InlineData(HashKind.Addnet, "b94d27b9934d", false)]
    public void Claims_are_compared_by_their_kind(HashKind kind, string value, bool expected)
    {
        var h = ModelHashes.Compute(new MemoryStream("hello world"u8.ToArray()));
        Assert.Equal(expected, h.Matches(new ClaimedHash(kind, value, Here)));
    }

    [Fact]
    public void Blake3_claims_accept_the_blake3_prefix()
    {
        var h = ModelHashes.Compute(new MemoryStream("hello world"u8.ToArray()));
        Assert.True(h.Matches(new ClaimedHash(HashKind.Blake3, "blake3:" + h.Blake3.ToUpperInvariant(), Here)));
    }

    [Fact]
    public void Lora_claims_match_the_data_hash_or_the_embedded_sshs_hash()
    {
        var tensors = ModelFiles.RandomBytes(500, 4);
        var embedded = new string('c', 64);
        var h = ModelHashes.Compute(new MemoryStream(ModelFiles.Safetensors($$$"""{"__metadata__":{"sshs_model_hash":"{{{embedded}}}"}}""", tensors)));
        var data = Convert.ToHexStringLower(SHA256.HashData(tensors));
        Assert.Equal("tensor-data SHA-256", h.MatchedBy(new ClaimedHash(HashKind.Addnet, data[..12], Here)));
        Assert.Equal("sshs_model_hash metadata", h.MatchedBy(new ClaimedHash(HashKind.Addnet, embedded[..12], Here)));
        Assert.Equal("tensor-data SHA-256", h.MatchedBy(new ClaimedHash(HashKind.AutoV3, "0x" + data, Here)));
        Assert.False(h.Matches(new ClaimedHash(HashKind.AutoV2, data[..10], Here)));
    }

    [Fact]
    public void A_large_file_hashed_on_several_threads_gives_every_reference_digest()
    {
        // Over the 8 MiB below which hashing stays on one thread; odd sizes so buffers end mid-header and mid-window.
        var tensors = ModelFiles.RandomBytes((20 << 20) + 12345, 11);
        var file = ModelFiles.Safetensors("""{"__metadata__":{"sshs_model_hash":"bb"},"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", tensors);
        foreach (var stream in new Stream[] { new MemoryStream(file), new TrickleStream(file, 100_003), new UnseekableStream(file) })
        {
            var h = ModelHashes.Compute(stream);
            Assert.Equal(file.Length, h.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), h.Sha256);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(tensors)), h.TensorSha256);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.AsSpan(0x100000, 0x10000)))[..8], h.AutoV1);
            Assert.Equal(Blake3.Hasher.Hash(file).ToString(), h.Blake3);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(file).ToString("x8"), h.Crc32);
            Assert.Equal("bb", h.EmbeddedMetadata["sshs_model_hash"]);
        }
    }

    [Fact]
    public void A_read_error_in_the_middle_of_a_large_file_is_thrown_not_waited_on()
    {
        var stream = new FailingStream(ModelFiles.RandomBytes(30 << 20, 12), failAt: 17 << 20);
        var error = Assert.Throws<IOException>(() => ModelHashes.Compute(stream));
        Assert.Equal(FailingStream.Message, error.Message);
    }

    [Fact]
    public void Cancellation_in_the_middle_of_a_large_file_stops_hashing()
    {
        using var cts = new CancellationTokenSource();
        var reports = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ModelHashes.Compute(new MemoryStream(new byte[30 << 20]), new SyncProgress(_ => { if (++reports == 3) cts.Cancel(); }), cts.Token));
        Assert.True(reports < 30);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A stream that cannot seek (a pipe), so its length is not known beforehand.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }

    /// <summary>A stream whose reads fail once <paramref name="failAt"/> bytes have been read, as a disk error would.</summary>
    private sealed class FailingStream(byte[] data, long failAt) : MemoryStream(data)
    {
        public const string Message = "read error (test)";

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAt) throw new IOException(Message);
            return base.Read(buffer, offset, count);
        }
    }

    /// <summary>A stream that returns at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
    }
}
