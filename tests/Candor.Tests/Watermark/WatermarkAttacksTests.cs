using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Tests.Watermark;

public class WatermarkAttacksTests
{
    [Fact]
    public void Standard_list_carries_the_specified_targets()
    {
        var byName = WatermarkAttacks.Standard.ToDictionary(a => a.Name);
        Assert.Equal(WatermarkAttacks.Standard.Count, byName.Count);
        Assert.Equal(1.00, byName["none"].Target);
        foreach (var name in new[] { "jpeg-q90", "jpeg-q70", "jpeg-q50", "resize-0.5", "crop-50%", "rotate-5", "brightness-1.3", "brightness-0.7",
                     "contrast-1.3", "contrast-0.7", "blur-1", "blur-2", "noise-5", "noise-10", "jpeg70+resize-0.75" })
        {
            Assert.Equal(WatermarkAttack.Core, byName[name].Group);
            Assert.Equal(0.99, byName[name].Target);
        }
        Assert.Equal(0.98, byName["rotate-15"].Target);
        foreach (var name in new[] { "crop-25%-offset", "flip", "stretch-0.8x1", "screenshot", "webp-q75" })
        {
            Assert.Equal(WatermarkAttack.Extended, byName[name].Group);
            Assert.Equal(0.99, byName[name].Target);
        }
        Assert.Equal(0.98, byName["chain-3"].Target);
        Assert.Equal(17, WatermarkAttacks.Standard.Count(a => a.Group == WatermarkAttack.Core));
        Assert.Equal(6, WatermarkAttacks.Standard.Count(a => a.Group == WatermarkAttack.Extended));
    }

    [Fact]
    public void Attacks_change_geometry_as_described_and_leave_their_input_alone()
    {
        var image = Gradient(300, 200);
        var before = image.Planes[0].ToArray();
        var byName = WatermarkAttacks.Standard.ToDictionary(a => a.Name);
        Size(byName["none"], image, 300, 200);
        Size(byName["crop-50%"], image, 212, 141);
        Size(byName["crop-25%-offset"], image, 150, 100);
        Size(byName["stretch-0.8x1"], image, 240, 200);
        Size(byName["screenshot"], image, 261, 174);
        Size(byName["chain-3"], image, 251, 167);
        foreach (var name in new[] { "resize-0.5", "rotate-15", "flip", "blur-2", "noise-5", "jpeg70+resize-0.75" }) Size(byName[name], image, 300, 200);
        Assert.Equal(before, image.Planes[0]);

        var flipped = byName["flip"].Apply(image);
        Assert.Equal(image.Planes[0][0], flipped.Planes[0][299]);
        var rotated = byName["rotate-15"].Apply(image);
        Assert.Equal(0f, rotated.Planes[0][0]);
    }

    [Fact]
    public void Bit_accuracy_counts_equal_bits_and_a_missing_guess_as_half()
    {
        var payload = new WatermarkPayload(0xFFFF_0000_FFFF_0000);
        Assert.Equal(1.0, WatermarkBench.BitAccuracy(payload, payload));
        Assert.Equal(0.5, WatermarkBench.BitAccuracy(payload, null));
        Assert.Equal(63 / 64.0, WatermarkBench.BitAccuracy(payload, new WatermarkPayload(0xFFFF_0000_FFFF_0001)));
        Assert.Equal(0.0, WatermarkBench.BitAccuracy(payload, new WatermarkPayload(~payload.Value)));
    }

    private static void Size(WatermarkAttack attack, FloatImage image, int width, int height)
    {
        var result = attack.Apply(image);
        Assert.True(result.Width == width && result.Height == height, $"{attack.Name}: {result.Width}×{result.Height}, expected {width}×{height}");
    }

    private static FloatImage Gradient(int width, int height)
    {
        var image = new FloatImage(width, height, 3);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++) image.Planes[c][y * width + x] = (x * 255 / width + y * (c + 1)) % 256;
        return image;
    }
}
