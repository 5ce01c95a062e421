using System.Diagnostics;
using Candor.Embeddings;
using Candor.Imaging;

namespace Candor.Bench;

/// <summary>
/// `embeddings [--threads T] [--repeat N] IMAGE...`: milliseconds per item of the shipped encoders — ResNet18 on one
/// image at a time and on a batch of 16 (the images repeated to fill it), both with preprocessing included, and MiniLM
/// on one short text at a time and a batch of 16. Prints the median of N repeats after one warm-up; threads 0 = one per core.
/// </summary>
internal static class EmbeddingTiming
{
    private static readonly string[] Texts =
    [
        "a photo of a cat", "a picture of a kitten", "quarterly tax report", "sunset over the harbour with sailing boats",
        "close-up of a red rose after rain", "an old man reading a newspaper on a bench", "aerial view of a city at night",
        "bowl of ramen with egg and spring onions", "a dog running on the beach", "snowy mountain peak under a blue sky",
        "vintage car parked in front of a diner", "children playing football in a park", "macro shot of a honeybee on a flower",
        "modern kitchen interior with marble counter", "portrait of a woman in a yellow raincoat", "stack of books on a wooden desk",
    ];

    public static int Run(string[] args)
    {
        var threads = 0;
        var repeat = 5;
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads") threads = int.Parse(args[++i]);
            else if (args[i] == "--repeat") repeat = int.Parse(args[++i]);
            else paths.Add(args[i]);
        }
        if (paths.Count == 0) { Console.Error.WriteLine("usage: embeddings [--threads T] [--repeat N] IMAGE..."); return 2; }
        var images = paths.Select(p => ImageCodec.Load(p)).ToArray();
        var batch = Enumerable.Range(0, 16).Select(i => images[i % images.Length]).ToArray();
        Console.WriteLine($"threads per operator: {(threads == 0 ? Environment.ProcessorCount : threads)} (cores {Environment.ProcessorCount}); {images.Length} images, median of {repeat}");
        var load = Stopwatch.StartNew();
        using (var image = Encoders.DefaultImage(threads))
        {
            Console.WriteLine($"resnet18 load: {load.Elapsed.TotalMilliseconds:F0} ms");
            Report("resnet18 one image", repeat, images.Length, () => { foreach (var im in images) image.Encode(im); });
            Report("resnet18 batch of 16", repeat, 16, () => image.EncodeBatch(batch));
            var prepared = ImagePreprocessorTiming(images);
            Report("  of which preprocessing (bicubic resize, crop, normalise)", repeat, images.Length, prepared);
        }
        load.Restart();
        using var text = Encoders.DefaultText(threads);
        Console.WriteLine($"minilm load: {load.Elapsed.TotalMilliseconds:F0} ms");
        Report("minilm one text", repeat, Texts.Length, () => { foreach (var t in Texts) text.Encode(t); });
        Report("minilm batch of 16", repeat, Texts.Length, () => text.EncodeBatch(Texts));
        return 0;
    }

    private static Action ImagePreprocessorTiming(FloatImage[] images) => () =>
    {
        foreach (var im in images) ClipPreprocessing.ToTensor(im);
    };

    private static void Report(string what, int repeat, int items, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds / items);
        }
        times.Sort();
        Console.WriteLine($"{what,-50} {times[times.Count / 2],8:F2} ms/item");
    }
}
