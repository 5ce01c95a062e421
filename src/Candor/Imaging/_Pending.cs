// TEMPORARY stand-in for the imaging core that is being built on another branch (codecs + transforms).
// Same public signatures as the real one, minimal implementations, so the watermark CLI and bench
// compile and their tests run. Delete this file when the real Candor.Imaging lands.
#pragma warning disable CS1591
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Candor.Imaging.Png;
using Candor.Imaging.Webp;

namespace Candor.Imaging;

/// <summary>Resampling filter for <see cref="Transforms.Resize"/>.</summary>
public enum ResizeFilter
{
    /// <summary>Lanczos, 3 lobes.</summary>
    Lanczos3,
    /// <summary>Bilinear.</summary>
    Bilinear,
}

/// <summary>Load and save images (temporary stand-in).</summary>
public static class ImageCodec
{
    /// <summary>Reads an image file (PNG, JPEG or WebP).</summary>
    public static FloatImage Load(string path, bool applyOrientation = true) => Decode(File.ReadAllBytes(path), applyOrientation);

    /// <summary>Decodes PNG, JPEG or WebP bytes.</summary>
    public static FloatImage Decode(ReadOnlySpan<byte> data, bool applyOrientation = true)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]))
        {
            using var stream = new MemoryStream(data.ToArray());
            return FloatImage.FromRgba(PngDecoder.Decode(stream));
        }
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
            return FloatImage.FromRgba(WebpDecoder.Decode(data));
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return PendingJpeg.Decode(data);
        throw new CandorFormatException("not a PNG, JPEG or WebP image", 0, "image");
    }

    /// <summary>Writes by extension (.png, .jpg/.jpeg, .webp) through a temporary file and a rename.</summary>
    public static void Save(FloatImage image, string path, int quality = 90)
    {
        var bytes = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => PendingPng.Encode(image),
            ".jpg" or ".jpeg" => PendingJpeg.Encode(image, quality),
            ".webp" => PendingWebp.Encode(image, quality),
            var e => throw new NotSupportedException($"cannot write '{e}' images; use .png, .jpg or .webp"),
        };
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, true);
    }
}

/// <summary>Image transforms (temporary stand-in).</summary>
public static class Transforms
{
    public static FloatImage Resize(FloatImage img, int w, int h, ResizeFilter filter = ResizeFilter.Lanczos3)
    {
        var planes = new float[img.Channels][];
        for (var c = 0; c < img.Channels; c++)
        {
            var tmp = Resample(img.Planes[c], img.Width, img.Height, w, true, filter);
            planes[c] = Resample(tmp, w, img.Height, h, false, filter);
        }
        return new FloatImage(w, h, planes);
    }

    private static float[] Resample(float[] src, int sw, int sh, int dn, bool horizontal, ResizeFilter filter)
    {
        var sn = horizontal ? sw : sh;
        var (dw, dh) = horizontal ? (dn, sh) : (sw, dn);
        var dst = new float[dw * dh];
        var scale = (double)sn / dn;
        var support = (filter == ResizeFilter.Lanczos3 ? 3.0 : 1.0) * Math.Max(1, scale);
        var fs = Math.Max(1, scale);
        for (var d = 0; d < dn; d++)
        {
            var center = (d + 0.5) * scale - 0.5;
            int lo = (int)Math.Floor(center - support) + 1, hi = (int)Math.Floor(center + support);
            var weights = new double[hi - lo + 1];
            double sum = 0;
            for (var s = lo; s <= hi; s++)
            {
                var x = (s - center) / fs;
                var wgt = filter == ResizeFilter.Lanczos3 ? Lanczos(x) : Math.Max(0, 1 - Math.Abs(x));
                weights[s - lo] = wgt;
                sum += wgt;
            }
            var other = horizontal ? dh : dw;
            for (var o = 0; o < other; o++)
            {
                double acc = 0;
                for (var s = lo; s <= hi; s++)
                {
                    var si = Math.Clamp(s, 0, sn - 1);
                    acc += weights[s - lo] * (horizontal ? src[o * sw + si] : src[si * sw + o]);
                }
                dst[horizontal ? o * dw + d : d * dw + o] = (float)(acc / sum);
            }
        }
        return dst;
    }

    private static double Lanczos(double x)
    {
        if (x == 0) return 1;
        if (Math.Abs(x) >= 3) return 0;
        var px = Math.PI * x;
        return 3 * Math.Sin(px) * Math.Sin(px / 3) / (px * px);
    }

    public static FloatImage Crop(FloatImage img, int x, int y, int w, int h) =>
        Map(img, w, h, (plane, dst) =>
        {
            for (var r = 0; r < h; r++) Array.Copy(plane, (y + r) * img.Width + x, dst, r * w, w);
        });

    public static FloatImage Rotate(FloatImage img, double degrees, bool expand = false, float fill = 0)
    {
        var a = degrees * Math.PI / 180;
        double cos = Math.Cos(a), sin = Math.Sin(a);
        int w = img.Width, h = img.Height;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        return Map(img, w, h, (plane, dst) =>
        {
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    double dx = x - cx, dy = y - cy;
                    var sx = cos * dx - sin * dy + cx;
                    var sy = sin * dx + cos * dy + cy;
                    dst[y * w + x] = Bilinear(plane, w, h, sx, sy, fill);
                }
        });
    }

    private static float Bilinear(float[] p, int w, int h, double x, double y, float fill)
    {
        if (x < 0 || y < 0 || x > w - 1 || y > h - 1) return fill;
        int x0 = Math.Min((int)x, w - 2 < 0 ? 0 : w - 2), y0 = Math.Min((int)y, h - 2 < 0 ? 0 : h - 2);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        return (1 - fy) * ((1 - fx) * p[y0 * w + x0] + fx * p[y0 * w + x1]) + fy * ((1 - fx) * p[y1 * w + x0] + fx * p[y1 * w + x1]);
    }

    public static FloatImage FlipHorizontal(FloatImage img) =>
        Map(img, img.Width, img.Height, (plane, dst) =>
        {
            for (var y = 0; y < img.Height; y++)
                for (var x = 0; x < img.Width; x++) dst[y * img.Width + x] = plane[y * img.Width + img.Width - 1 - x];
        });

    public static FloatImage GaussianBlur(FloatImage img, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var k = new float[2 * radius + 1];
        for (var i = -radius; i <= radius; i++) k[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        var total = k.Sum();
        for (var i = 0; i < k.Length; i++) k[i] /= total;
        int w = img.Width, h = img.Height;
        return Map(img, w, h, (plane, dst) =>
        {
            var tmp = new float[w * h];
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    float acc = 0;
                    for (var i = -radius; i <= radius; i++) acc += k[i + radius] * plane[y * w + Math.Clamp(x + i, 0, w - 1)];
                    tmp[y * w + x] = acc;
                }
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    float acc = 0;
                    for (var i = -radius; i <= radius; i++) acc += k[i + radius] * tmp[Math.Clamp(y + i, 0, h - 1) * w + x];
                    dst[y * w + x] = acc;
                }
        });
    }

    public static FloatImage AddGaussianNoise(FloatImage img, double sigma, int seed)
    {
        var random = new Random(seed);
        return Colour(img, v =>
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            return v + (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        });
    }

    public static FloatImage Brightness(FloatImage img, double factor) => Colour(img, v => (float)(v * factor));

    public static FloatImage Contrast(FloatImage img, double factor)
    {
        double mean = 0;
        var colour = Math.Min(3, img.Channels);
        for (var c = 0; c < colour; c++) mean += img.Planes[c].Average();
        mean /= colour;
        return Colour(img, v => (float)(mean + (v - mean) * factor));
    }

    public static FloatImage Gamma(FloatImage img, double gamma) => Colour(img, v => (float)(255 * Math.Pow(Math.Clamp(v, 0, 255) / 255.0, gamma)));

    public static FloatImage Clamp8(FloatImage img) => Map(img, img.Width, img.Height, (plane, dst) =>
    {
        for (var i = 0; i < plane.Length; i++) dst[i] = FloatImage.ToByte(plane[i]);
    });

    public static FloatImage JpegRoundTrip(FloatImage img, int quality) => PendingJpeg.Decode(PendingJpeg.Encode(img, quality));

    public static FloatImage WebpRoundTrip(FloatImage img, float quality) => FloatImage.FromRgba(WebpDecoder.Decode(PendingWebp.Encode(img, quality)));

    public static FloatImage PngRoundTrip(FloatImage img) => Clamp8(img);

    private static FloatImage Map(FloatImage img, int w, int h, Action<float[], float[]> fill)
    {
        var planes = new float[img.Channels][];
        for (var c = 0; c < planes.Length; c++)
        {
            planes[c] = new float[w * h];
            fill(img.Planes[c], planes[c]);
        }
        return new FloatImage(w, h, planes);
    }

    private static FloatImage Colour(FloatImage img, Func<float, float> f)
    {
        var result = img.Clone();
        for (var c = 0; c < Math.Min(3, img.Channels); c++)
        {
            var p = result.Planes[c];
            for (var i = 0; i < p.Length; i++) p[i] = f(p[i]);
        }
        return result;
    }
}

/// <summary>Image quality metrics (temporary stand-in).</summary>
public static class ImageMetrics
{
    /// <summary>PSNR in dB over the colour channels.</summary>
    public static double Psnr(FloatImage a, FloatImage b)
    {
        double se = 0;
        long n = 0;
        for (var c = 0; c < Math.Min(3, Math.Min(a.Channels, b.Channels)); c++)
            for (var i = 0; i < a.PixelCount; i++)
            {
                var d = a.Planes[c][i] - b.Planes[c][i];
                se += d * d;
                n++;
            }
        return se == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / (se / n));
    }

    /// <summary>Mean SSIM of luma over 8×8 windows.</summary>
    public static double Ssim(FloatImage a, FloatImage b)
    {
        const double c1 = 6.5025, c2 = 58.5225;
        var la = Luma(a);
        var lb = Luma(b);
        double total = 0;
        var count = 0;
        for (var y = 0; y + 8 <= a.Height; y += 4)
            for (var x = 0; x + 8 <= a.Width; x += 4)
            {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (var j = 0; j < 8; j++)
                    for (var i = 0; i < 8; i++)
                    {
                        double va = la[(y + j) * a.Width + x + i], vb = lb[(y + j) * a.Width + x + i];
                        sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb;
                    }
                double ma = sa / 64, mb = sb / 64;
                double va2 = saa / 64 - ma * ma, vb2 = sbb / 64 - mb * mb, cov = sab / 64 - ma * mb;
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va2 + vb2 + c2));
                count++;
            }
        return count == 0 ? 1 : total / count;
    }

    private static float[] Luma(FloatImage img)
    {
        if (img.Channels < 3) return img.Planes[0];
        var l = new float[img.PixelCount];
        for (var i = 0; i < l.Length; i++) l[i] = 0.299f * img.Planes[0][i] + 0.587f * img.Planes[1][i] + 0.114f * img.Planes[2][i];
        return l;
    }
}

internal static class PendingPng
{
    public static byte[] Encode(FloatImage image)
    {
        var rgba = image.ToRgba();
        var channels = image.HasAlpha ? 4 : 3;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, true))
        {
            var row = new byte[1 + image.Width * channels];
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                    for (var c = 0; c < channels; c++) row[1 + x * channels + c] = rgba.Pixels[rgba.IndexOf(x, y) + c];
                z.Write(row);
            }
        }
        var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), image.Height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(channels == 4 ? 6 : 2);
        Chunk(output, "IHDR", ihdr);
        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc(typed));
        s.Write(len);
    }

    private static uint Crc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}

internal static unsafe partial class PendingJpeg
{
    private const string Library = "libturbojpeg.so.0";

    [LibraryImport(Library)] private static partial nint tjInitCompress();
    [LibraryImport(Library)] private static partial nint tjInitDecompress();
    [LibraryImport(Library)] private static partial int tjDestroy(nint handle);
    [LibraryImport(Library)] private static partial void tjFree(byte* buffer);
    [LibraryImport(Library)] private static partial int tjCompress2(nint handle, byte* src, int width, int pitch, int height, int pixelFormat, byte** jpeg, nuint* size, int subsamp, int quality, int flags);
    [LibraryImport(Library)] private static partial int tjDecompressHeader3(nint handle, byte* jpeg, nuint size, int* width, int* height, int* subsamp, int* colorspace);
    [LibraryImport(Library)] private static partial int tjDecompress2(nint handle, byte* jpeg, nuint size, byte* dst, int width, int pitch, int height, int pixelFormat, int flags);

    public static byte[] Encode(FloatImage image, int quality)
    {
        var rgba = image.ToRgba();
        var handle = tjInitCompress();
        try
        {
            byte* jpeg = null;
            nuint size = 0;
            fixed (byte* src = rgba.Pixels)
                if (tjCompress2(handle, src, image.Width, image.Width * 4, image.Height, 7 /* TJPF_RGBA */, &jpeg, &size, 2 /* 4:2:0 */, quality, 0) != 0)
                    throw new InvalidOperationException("JPEG encoding failed");
            var bytes = new ReadOnlySpan<byte>(jpeg, (int)size).ToArray();
            tjFree(jpeg);
            return bytes;
        }
        finally
        {
            tjDestroy(handle);
        }
    }

    public static FloatImage Decode(ReadOnlySpan<byte> data)
    {
        var handle = tjInitDecompress();
        try
        {
            fixed (byte* src = data)
            {
                int w, h, ss, cs;
                if (tjDecompressHeader3(handle, src, (nuint)data.Length, &w, &h, &ss, &cs) != 0 || w <= 0 || h <= 0)
                    throw new CandorFormatException("the JPEG header could not be read", 0, "JPEG");
                var rgba = new byte[checked(w * h * 4)];
                fixed (byte* dst = rgba)
                    if (tjDecompress2(handle, src, (nuint)data.Length, dst, w, w * 4, h, 7, 0) != 0)
                        throw new CandorFormatException("the JPEG image data could not be decoded", 0, "JPEG");
                return FloatImage.FromRgba(new RgbaImage(w, h, rgba, false));
            }
        }
        finally
        {
            tjDestroy(handle);
        }
    }
}

internal static unsafe partial class PendingWebp
{
    [LibraryImport("libwebp.so.7")] private static partial nuint WebPEncodeRGB(byte* rgb, int width, int height, int stride, float quality, byte** output);
    [LibraryImport("libwebp.so.7")] private static partial void WebPFree(void* pointer);

    public static byte[] Encode(FloatImage image, float quality)
    {
        var rgba = image.ToRgba();
        var rgb = new byte[image.PixelCount * 3];
        for (var i = 0; i < image.PixelCount; i++)
        {
            rgb[3 * i] = rgba.Pixels[4 * i];
            rgb[3 * i + 1] = rgba.Pixels[4 * i + 1];
            rgb[3 * i + 2] = rgba.Pixels[4 * i + 2];
        }
        byte* output = null;
        nuint size;
        fixed (byte* src = rgb) size = WebPEncodeRGB(src, image.Width, image.Height, image.Width * 3, quality, &output);
        if (size == 0) throw new InvalidOperationException("WebP encoding failed");
        var bytes = new ReadOnlySpan<byte>(output, (int)size).ToArray();
        WebPFree(output);
        return bytes;
    }
}
