using Candor.Imaging;

namespace Candor.Tests.Imaging;

public sealed class OrientationTests
{
    // Stored 2 × 3 image   a b     (a..f = 1..6)
    //                      c d
    //                      e f
    // and what each EXIF orientation shows upright (rows top to bottom).
    public static readonly TheoryData<int, int, int, float[]> Upright = new()
    {
        { 1, 2, 3, [1, 2, 3, 4, 5, 6] },
        { 2, 2, 3, [2, 1, 4, 3, 6, 5] },  // mirrored left–right
        { 3, 2, 3, [6, 5, 4, 3, 2, 1] },  // turned 180°
        { 4, 2, 3, [5, 6, 3, 4, 1, 2] },  // mirrored top–bottom
        { 5, 3, 2, [1, 3, 5, 2, 4, 6] },  // row 0 is the left side, column 0 the top: transpose
        { 6, 3, 2, [5, 3, 1, 6, 4, 2] },  // row 0 is the right side, column 0 the top: turn 90° clockwise
        { 7, 3, 2, [6, 4, 2, 5, 3, 1] },  // row 0 is the right side, column 0 the bottom: transverse
        { 8, 3, 2, [2, 4, 6, 1, 3, 5] },  // row 0 is the left side, column 0 the bottom: turn 90° counter-clockwise
    };

    [Theory]
    [MemberData(nameof(Upright))]
    public void Apply_follows_the_EXIF_definition(int orientation, int width, int height, float[] expected)
    {
        var stored = new FloatImage(2, 3, [[1, 2, 3, 4, 5, 6]]);
        var upright = Orientation.Apply(stored, orientation);
        Assert.Equal((width, height), (upright.Width, upright.Height));
        Assert.Equal(expected, upright.Planes[0]);
        Assert.Equal([1f, 2, 3, 4, 5, 6], stored.Planes[0]);
    }

    [Fact]
    public void The_eight_results_are_distinct()
    {
        var stored = new FloatImage(2, 3, [[1, 2, 3, 4, 5, 6]]);
        var results = Enumerable.Range(1, 8)
            .Select(o => Orientation.Apply(stored, o))
            .Select(i => $"{i.Width}x{i.Height}:{string.Join(',', i.Planes[0])}")
            .ToHashSet();
        Assert.Equal(8, results.Count);
    }

    [SkippableFact]
    public void Jpeg_orientation_is_read_and_applied_like_ImageMagick_auto_orient()
    {
        var file = Corpus.Path(TestImages.RotatedJpeg);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(6, Orientation.Read(bytes));
        var stored = ImageCodec.Decode(bytes, applyOrientation: false);
        var upright = ImageCodec.Decode(bytes);
        Assert.Equal((stored.Height, stored.Width), (upright.Width, upright.Height));
        TestImages.AssertEqual(Orientation.Apply(stored, 6), upright);

        ImageMagick.Require();
        var png = TestImages.TempFile(".png");
        try
        {
            ImageMagick.Convert(file, "-auto-orient", png);
            Assert.Equal(ImageMagick.DecodeRgbaHighBytes(png), upright.ToRgba().Pixels);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void Files_without_exif_read_as_1()
    {
        var png = Candor.Imaging.Png.PngEncoder.Encode(TestImages.Random(3, 3, 3, 1));
        Assert.Equal(1, Orientation.Read(png));
        Assert.Equal(1, Orientation.Read("not an image"u8));
    }
}
