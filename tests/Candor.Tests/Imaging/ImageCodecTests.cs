using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class ImageCodecTests
{
    [Theory]
    [InlineData(".png")]
    [InlineData(".PNG")]
    [InlineData(".jpg")]
    [InlineData(".jpeg")]
    [InlineData(".webp")]
    public void Save_then_load_gives_the_image_back(string extension)
    {
        var image = TestImages.Smooth(48, 32);
        var file = TestImages.TempFile(extension);
        try
        {
            ImageCodec.Save(image, file, quality: 95);
            var loaded = ImageCodec.Load(file);
            Assert.Equal((48, 32, 3), (loaded.Width, loaded.Height, loaded.Channels));
            if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase)) TestImages.AssertEqual(Transforms.Clamp8(image), loaded);
            else Assert.True(ImageMetrics.Psnr(image, loaded) > 35);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!, $"*{Path.GetFileName(file)}*"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unknown_extensions_are_refused_before_writing()
    {
        var file = TestImages.TempFile(".bmp");
        Assert.Throws<ArgumentException>(() => ImageCodec.Save(new FloatImage(2, 2, 3), file));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Non_images_are_format_errors()
    {
        var bytes = new byte[300];
        new Random(5).NextBytes(bytes);
        bytes[0] = 0x42;
        var e = Assert.Throws<CandorFormatException>(() => ImageCodec.Decode(bytes));
        Assert.Contains("Not a PNG, JPEG or WebP", e.Message);
        Assert.Throws<CandorFormatException>(() => ImageCodec.Decode([]));
    }

    [Fact]
    public void Truncated_files_are_format_errors()
    {
        var image = TestImages.Random(40, 40, 3, 6);
        var jpeg = Candor.Imaging.Jpeg.JpegCodec.Encode(image);
        Assert.Throws<CandorFormatException>(() => ImageCodec.Decode(jpeg.AsSpan(0, jpeg.Length - 200)));
        var png = Candor.Imaging.Png.PngEncoder.Encode(image);
        Assert.Throws<CandorFormatException>(() => ImageCodec.Decode(png.AsSpan(0, png.Length / 2)));
        var webp = Candor.Imaging.Webp.WebpEncoder.Encode(image, 80);
        Assert.Throws<CandorFormatException>(() => ImageCodec.Decode(webp.AsSpan(0, webp.Length / 2)));
    }

    [SkippableFact]
    public void Corpus_png_loads_with_its_size()
    {
        var image = TestImages.Load(TestImages.Kodim01);
        Assert.Equal((768, 512, 3), (image.Width, image.Height, image.Channels));
    }
}
