using BenchmarkDotNet.Attributes;
using Candor.Imaging;
using Candor.Watermark;

namespace Candor.Bench;

/// <summary>
/// Time and allocation of the imaging transforms the watermark's attack suite and the fingerprints use, and of
/// the watermark itself, on one 768×512 photograph (kodim05, the busiest of the set). The attack suite
/// (`candor watermark bench`, bench/watermark-suite.sh) prints per-image and per-megapixel figures as well.
/// </summary>
[MemoryDiagnoser]
public class ImagingBenchmarks
{
    private FloatImage _photo = null!;
    private FloatImage _marked = null!;
    private readonly WatermarkKey _key = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private readonly WatermarkPayload _payload = WatermarkPayload.FromText("bench");

    [GlobalSetup]
    public void Setup()
    {
        var corpus = BenchCorpus.Require();
        _photo = ImageCodec.Load(Path.Combine(corpus, "photos", "kodim05.png"));
        _marked = Transforms.Clamp8(WatermarkEmbedder.Embed(_photo, _key, _payload));
    }

    [Benchmark] public FloatImage ResizeLanczosHalf() => Transforms.Resize(_photo, 384, 256);
    [Benchmark] public FloatImage GaussianBlur2() => Transforms.GaussianBlur(_photo, 2);
    [Benchmark] public FloatImage Rotate15() => Transforms.Rotate(_photo, 15);
    [Benchmark] public FloatImage JpegRoundTrip70() => Transforms.JpegRoundTrip(_photo, 70);
    [Benchmark] public byte[] PngEncode() => Candor.Imaging.Png.PngEncoder.Encode(_photo);
    [Benchmark] public FloatImage WatermarkEmbed() => WatermarkEmbedder.Embed(_photo, _key, _payload);
    [Benchmark] public WatermarkDetection WatermarkDetectUnattacked() => WatermarkDetector.Detect(_marked, _key);
}
