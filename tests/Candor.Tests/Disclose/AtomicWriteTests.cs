using Candor.Disclose;
using Candor.FileSystem;

namespace Candor.Tests.Disclose;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("candor-atomic-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Original(out byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, "image.png");
        bytes = Formats.SyntheticImages.Png(Formats.SyntheticImages.Chunk("IHDR", Formats.SyntheticImages.Ihdr(1, 1, 0)), Formats.SyntheticImages.Chunk("IDAT", Formats.SyntheticImages.Zlib([0, 0])));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void A_write_that_fails_halfway_leaves_the_original_byte_identical_and_no_temporary_file(int failAfter)
    {
        var path = Original(out var bytes);
        var replacement = XmpWriter.Apply(bytes, DisclosureSamples.Content);
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            using var failing = new FailingStream(stream, failAfter);
            failing.Write(replacement);
        }));
        Assert.Contains("disk full", e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(["image.png"], _folder.EnumerateFiles().Select(f => f.Name));
    }

    [Fact]
    public void Writing_into_a_folder_that_is_a_file_fails_plainly_and_leaves_the_input_alone()
    {
        var path = Original(out var bytes);
        var target = Path.Combine(path, "out.png");
        var e = Assert.Throws<IOException>(() => XmpWriter.ApplyFile(path, DisclosureSamples.Content, target));
        Assert.Contains($"cannot write {target}", e.Message);
        Assert.Contains("is a file, not a folder", e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(["image.png"], _folder.EnumerateFiles().Select(f => f.Name));
    }

    [Fact]
    public void Writing_into_a_missing_folder_fails_plainly()
    {
        var path = Original(out _);
        var target = Path.Combine(_folder.FullName, "missing", "out.png");
        var e = Assert.Throws<IOException>(() => XmpWriter.ApplyFile(path, DisclosureSamples.Content, target));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Apply_file_in_place_keeps_the_permission_bits_and_writes_the_disclosure()
    {
        var path = Original(out var bytes);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        XmpWriter.ApplyFile(path, DisclosureSamples.Content);
        var written = File.ReadAllBytes(path);
        Assert.NotEqual(bytes, written);
        DisclosureSamples.AssertCarriesContent(written, path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_damaged_file_is_refused_before_anything_is_written()
    {
        var path = Original(out var bytes);
        File.WriteAllBytes(path, bytes[..20]);
        Assert.Throws<CandorFormatException>(() => XmpWriter.ApplyFile(path, DisclosureSamples.Content));
        Assert.Equal(bytes[..20], File.ReadAllBytes(path));
        Assert.Equal(["image.png"], _folder.EnumerateFiles().Select(f => f.Name));
    }

    /// <summary>Passes writes through until <c>limit</c> bytes, then fails like a full disk.</summary>
    private sealed class FailingStream(Stream inner, int limit) : Stream
    {
        private int _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var room = Math.Max(0, limit - _written);
            inner.Write(buffer[..Math.Min(room, buffer.Length)]);
            _written += Math.Min(room, buffer.Length);
            if (buffer.Length > room) throw new IOException("disk full (simulated)");
        }
    }
}
