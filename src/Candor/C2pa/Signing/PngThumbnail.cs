using Candor.Formats;
using Candor.Imaging;
using Candor.Imaging.Png;

namespace Candor.C2pa.Signing;

// The claim thumbnail: the image decoded (EXIF orientation applied, as viewers show it), shrunk by box
// averaging so its longer side is at most 256 pixels, and written as an 8-bit RGB or RGBA PNG.

/// <summary>Makes the PNG thumbnail of a PNG, JPEG or WebP image.</summary>
internal static class PngThumbnail
{
    private const int MaxSide = 256;

    public static byte[] Make(byte[] asset, ContainerScan scan)
    {
        if (scan.ImageFormat is not (ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.WebP))
            throw new NotSupportedException($"Candor cannot make a thumbnail of a {scan.Format} image yet (it has no decoder for it); sign without a thumbnail");
        var image = ImageCodec.Decode(asset, applyOrientation: true).ToRgba();
        return PngEncoder.Encode(FloatImage.FromRgba(Shrink(image)));
    }

    private static RgbaImage Shrink(RgbaImage image)
    {
        var scale = Math.Max(image.Width, image.Height) / (double)MaxSide;
        if (scale <= 1) return image;
        var width = Math.Max(1, (int)Math.Round(image.Width / scale));
        var height = Math.Max(1, (int)Math.Round(image.Height / scale));
        var pixels = new byte[width * height * 4];
        Span<long> sum = stackalloc long[4];
        for (var y = 0; y < height; y++)
        {
            int y0 = (int)((long)y * image.Height / height), y1 = Math.Max(y0 + 1, (int)((long)(y + 1) * image.Height / height));
            for (var x = 0; x < width; x++)
            {
                int x0 = (int)((long)x * image.Width / width), x1 = Math.Max(x0 + 1, (int)((long)(x + 1) * image.Width / width));
                sum.Clear();
                for (var sy = y0; sy < y1; sy++)
                    for (var sx = x0; sx < x1; sx++)
                    {
                        var i = image.IndexOf(sx, sy);
                        for (var c = 0; c < 4; c++) sum[c] += image.Pixels[i + c];
                    }
                var n = (long)(y1 - y0) * (x1 - x0);
                var o = (y * width + x) * 4;
                for (var c = 0; c < 4; c++) pixels[o + c] = (byte)((sum[c] + n / 2) / n);
            }
        }
        return new RgbaImage(width, height, pixels, image.HasAlpha);
    }
}
