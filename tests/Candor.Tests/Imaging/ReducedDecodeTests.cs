using Candor.Imaging;
using Candor.Imaging.Png;

namespace Candor.Tests.Imaging;

public class ReducedDecodeTests
{
    private static FloatImage Ramp(int width, int height, bool alpha)
    {
        var image = new FloatImage(width, height, alpha ? 4 : 3);
        for (var c = 0; c < image.Channels; c++)
            for (var i = 0; i < image.PixelCount; i++) image.Planes[c][i] = (i * 7 + c * 31) % 256;
        return image;
    }

    /// <summary>The reference: every factor × factor block averaged, the incomplete right and bottom blocks left out.</summary>
    private static float Average(FloatImage image, int channel, int bx, int by, int factor)
    {
        var sum = 0f;
        for (var y = by * factor; y < (by + 1) * factor; y++)
            for (var x = bx * factor; x < (bx + 1) * factor; x++) sum += image.Planes[channel][y * image.Width + x];
        return sum / (factor * factor);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_png_is_averaged_in_whole_blocks_to_the_working_size(bool alpha)
    {
        var source = Ramp(50, 31, alpha);
        var reduced = ImageCodec.DecodeReduced(new MemoryStream(PngEncoder.Encode(source)), 16);
        Assert.Equal((4, 12, 7, 50, 31), (reduced.Factor, reduced.Image.Width, reduced.Image.Height, reduced.SourceWidth, reduced.SourceHeight));
        Assert.Equal(source.Channels, reduced.Image.Channels);
        for (var c = 0; c < source.Channels; c++)
            for (var by = 0; by < 7; by++)
                for (var bx = 0; bx < 12; bx++)
                    Assert.Equal(Average(source, c, bx, by, 4), reduced.Image.Planes[c][by * 12 + bx], 3);
    }

    [Fact]
    public void An_image_within_the_working_size_decodes_unchanged()
    {
        var source = Ramp(40, 30, alpha: false);
        var bytes = PngEncoder.Encode(source);
        var reduced = ImageCodec.DecodeReduced(new MemoryStream(bytes), 64);
        Assert.Equal(1, reduced.Factor);
        var whole = ImageCodec.Decode(bytes);
        for (var c = 0; c < 3; c++) Assert.Equal(whole.Planes[c], reduced.Image.Planes[c]);
    }

    [Fact]
    public void An_endless_stream_that_is_not_an_image_is_refused_after_its_first_bytes()
    {
        var endless = new EndlessZeros();
        var e = Assert.Throws<CandorFormatException>(() => ImageCodec.DecodeReduced(endless, 1024));
        Assert.Equal(FormatErrorKind.Unsupported, e.Kind);
        Assert.True(endless.BytesRead < 1024, $"{endless.BytesRead} bytes read");
    }

    /// <summary>What /dev/zero looks like through a stream: zeros for ever, not seekable.</summary>
    private sealed class EndlessZeros : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            BytesRead += count;
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
