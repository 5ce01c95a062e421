using System.Formats.Tar;
using System.Text;
using Candor.Imaging;
using Candor.Imaging.Jpeg;

namespace Candor.Bench;

/// <summary>
/// <c>search-shards --out DIR [--count N] [--per-shard M]</c>: writes img2dataset-style WebDataset shards (JPEG +
/// .txt + .json per key) made from the corpus photographs, each sample a different crop and size, so that
/// bench/search-ingest.sh can time <c>candor index build</c> on real decode + PDQ + embedding work.
/// </summary>
internal static class SearchIngestBench
{
    public static int MakeShards(string[] args)
    {
        string? output = null;
        int count = 1000, perShard = 250;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out": output = args[++i]; break;
                case "--count": count = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--per-shard": perShard = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        if (output is null) { Console.Error.WriteLine("search-shards --out DIR [--count N] [--per-shard M]"); return 2; }
        var corpus = BenchCorpus.Require();
        var photos = Directory.GetFiles(Path.Combine(corpus, "photos"), "*.png").Order(StringComparer.Ordinal).Select(p => ImageCodec.Load(p)).ToList();
        Directory.CreateDirectory(output);
        var random = new Random(13);
        for (int shard = 0, n = 0; n < count; shard++)
        {
            using var tar = new TarWriter(File.Create(Path.Combine(output, $"{shard:D5}.tar")), TarEntryFormat.Pax, leaveOpen: false);
            for (var j = 0; j < perShard && n < count; j++, n++)
            {
                var photo = photos[n % photos.Count];
                // A different crop and size per sample: 60–100 % of the photo, long side 256–1024 (LAION's typical sizes).
                var f = 0.6 + 0.4 * random.NextDouble();
                int w = (int)(photo.Width * f), h = (int)(photo.Height * f);
                var crop = Transforms.Crop(photo, random.Next(photo.Width - w + 1), random.Next(photo.Height - h + 1), w, h);
                var side = 256 + random.Next(769);
                var scale = (double)side / Math.Max(w, h);
                var image = Transforms.Resize(crop, Math.Max(1, (int)(w * scale)), Math.Max(1, (int)(h * scale)), ResizeFilter.Bilinear);
                var key = $"{shard:D5}{j:D4}";
                Write(tar, $"{key}.jpg", JpegCodec.Encode(image, 85));
                Write(tar, $"{key}.txt", Encoding.UTF8.GetBytes($"photograph {n} from the Kodak set, crop {f:0.00}"));
                Write(tar, $"{key}.json", Encoding.UTF8.GetBytes($"{{\"key\":\"{key}\",\"url\":\"https://example.org/{key}.jpg\",\"width\":{image.Width},\"height\":{image.Height}}}"));
            }
        }
        Console.WriteLine($"wrote {count} samples to {output}");
        return 0;
    }

    private static void Write(TarWriter tar, string name, byte[] data) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
