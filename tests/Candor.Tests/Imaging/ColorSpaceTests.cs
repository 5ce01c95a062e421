using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class ColorSpaceTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(255, 255)]
    [InlineData(10, 0.7739)]     // linear segment: 10/255/12.92 × 255
    [InlineData(128, 55.0444)]   // ((128/255 + 0.055)/1.055)^2.4 × 255
    public void Srgb_curve_has_the_standard_values(float encoded, float linear)
    {
        Assert.Equal(linear, ColorSpace.SrgbToLinear(encoded), 0.001f);
        Assert.Equal(encoded, ColorSpace.LinearToSrgb(linear), 0.01f);
    }

    [Fact]
    public void Srgb_image_conversions_invert_and_keep_alpha()
    {
        var image = TestImages.Random(9, 7, 4, 31);
        var back = ColorSpace.LinearToSrgb(ColorSpace.SrgbToLinear(image));
        TestImages.AssertEqual(image, back, 0.01f);
        Assert.Equal(image.Planes[3], ColorSpace.SrgbToLinear(image).Planes[3]);
    }

    [Fact]
    public void YCbCr_matches_JFIF_values_and_inverts()
    {
        var image = new FloatImage(3, 1, [[255, 0, 128], [0, 0, 128], [0, 255, 128]]);
        var ycc = ColorSpace.ToYCbCr(image);
        Assert.Equal(76.245f, ycc.Planes[0][0], 0.001f);       // red: Y = 0.299 × 255
        Assert.Equal(84.972f, ycc.Planes[1][0], 0.01f);        // Cb = 128 − 0.168736 × 255
        Assert.Equal(255.5f, ycc.Planes[2][0], 0.01f);         // Cr = 128 + 0.5 × 255
        Assert.Equal(255.5f, ycc.Planes[1][1], 0.01f);         // blue: Cb = 128 + 0.5 × 255
        Assert.Equal(128f, ycc.Planes[1][2], 0.001f);          // grey has no chroma
        var random = TestImages.Random(10, 10, 4, 32);
        TestImages.AssertEqual(random, ColorSpace.FromYCbCr(ColorSpace.ToYCbCr(random)), 0.01f);
    }

    [Fact]
    public void Luma_weights_and_grey_planes()
    {
        var image = new FloatImage(1, 1, [[100], [200], [50]]);
        Assert.Equal(0.299f * 100 + 0.587f * 200 + 0.114f * 50, ColorSpace.Luma(image)[0], 0.001f);
        var grey = new FloatImage(2, 1, [[3, 4]]);
        var luma = ColorSpace.Luma(grey);
        Assert.Equal([3f, 4], luma);
        Assert.NotSame(grey.Planes[0], luma);
        var g = ColorSpace.Grayscale(TestImages.Random(5, 5, 4, 33));
        Assert.Equal(1, g.Channels);
    }
}
