using System.Diagnostics;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Jpeg;
using Candor.Imaging.Png;

namespace Candor.Bench;

/// <summary>
/// `pdq-recall [--distractors N] [--seed S] [--radius R] DIR...`: how well PDQ finds edited copies. The natural photos
/// under the folders are the originals (a file within the radius of an earlier one under any rotation or mirror is
/// the same picture — the corpus's bridge variants — and is left out). Each original is edited in code — JPEG q50,
/// resized to half, 10 % cropped, turned 5°, mirrored, "screenshot-like" (scaled to 0.8, a light 2-pixel frame and a
/// dark 1-pixel bar, PNG) — and the edit's file is hashed by the reference pipeline, like the originals. An index
/// holds the originals and N random 256-bit codes; every query is compared with every entry (brute force). Printed
/// for each edit: how many queries find their original within the radius, and false matches (another real image, or a
/// random code). The mirror is queried with its eight dihedral hashes, and once with its plain hash for contrast.
/// </summary>
internal static class PdqRecall
{
    internal sealed record Edit(string Name, Func<FloatImage, byte[]> Encode, bool Dihedral);

    internal static readonly Edit[] Edits =
    [
        new("JPEG q50", image => JpegCodec.Encode(image, 50), false),
        new("resize 0.5", image => PngEncoder.Encode(Transforms.Resize(image, Math.Max(1, image.Width / 2), Math.Max(1, image.Height / 2))), false),
        new("crop 10 % (5 % off each side)", image => PngEncoder.Encode(Transforms.Crop(image, image.Width / 20, image.Height / 20,
            image.Width - 2 * (image.Width / 20), image.Height - 2 * (image.Height / 20))), false),
        new("rotate 5°", image => PngEncoder.Encode(Transforms.Rotate(image, 5)), false),
        new("horizontal flip, 8 dihedral hashes", image => PngEncoder.Encode(Transforms.FlipHorizontal(image)), true),
        new("horizontal flip, plain hash only", image => PngEncoder.Encode(Transforms.FlipHorizontal(image)), false),
        new("screenshot-like (0.8, frame + bar, PNG)", image => PngEncoder.Encode(Screenshot(image)), false),
    ];

    public static int Run(string[] args)
    {
        var distractors = 100_000;
        var seed = 1;
        var radius = PdqHasher.MatchDistance;
        var variants = false;
        var dirs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--distractors") distractors = int.Parse(args[++i]);
            else if (args[i] == "--seed") seed = int.Parse(args[++i]);
            else if (args[i] == "--radius") radius = int.Parse(args[++i]);
            else if (args[i] == "--variants") variants = true;
            else dirs.Add(args[i]);
        }
        if (dirs.Count == 0) { Console.Error.WriteLine("usage: pdq-recall [--distractors N] [--seed S] [--radius R] [--variants] DIR..."); return 2; }
        var watch = Stopwatch.StartNew();

        var originals = new List<(string Path, PdqDihedral Hashes, FloatImage Pixels)>();
        var dropped = new List<string>();
        foreach (var file in dirs.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
                     .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg").Order(StringComparer.Ordinal))
        {
            var hashes = PdqHasher.HashFileDihedral(file);
            var twin = originals.FirstOrDefault(o => o.Hashes.DistanceTo(hashes.Original) <= radius);
            if (twin.Path is not null)
            {
                dropped.Add($"{Path.GetFileName(file)} (~{Path.GetFileName(twin.Path)})");
                continue;
            }
            originals.Add((file, hashes, ImageCodec.Load(file, applyOrientation: false)));
        }
        var random = new Random(seed);
        // Each index entry belongs to an original (its own hash, and with --variants its centre crops) or to no one (-1).
        var entries = new List<(PdqHash Hash, int Owner)>();
        for (var i = 0; i < originals.Count; i++)
        {
            entries.Add((originals[i].Hashes.Original, i));
            if (variants)
                foreach (var crop in PdqVariants.IndexHashes(originals[i].Pixels)) entries.Add((crop.Hash, i));
        }
        var code = new byte[PdqHash.Bytes];
        for (var i = 0; i < distractors; i++)
        {
            random.NextBytes(code);
            entries.Add((PdqHash.Read(code), -1));
        }
        var index = entries.Select(e => e.Hash).ToArray();
        var owner = entries.Select(e => e.Owner).ToArray();

        Console.WriteLine($"PDQ recall at radius {radius}: {originals.Count} originals from {string.Join(", ", dirs)} + {distractors:N0} random codes (seed {seed}), brute force");
        Console.WriteLine(variants
            ? $"with variants: each original also indexed at centre crops {string.Join(", ", PdqVariants.IndexCrops.Select(f => $"{f:P0}"))}; each query also hashed turned by {string.Join(", ", PdqVariants.QueryAngles.Select(a => $"{a}°"))} (cut to the fill-free centre) — {index.Length:N0} index entries"
            : "plain: one hash per original, one (or eight dihedral) per query");
        if (dropped.Count > 0) Console.WriteLine($"left out as near-duplicates of an earlier original: {string.Join(", ", dropped)}");
        var lowOriginals = originals.Count(o => o.Hashes.Quality < PdqHasher.LowQuality);
        if (lowOriginals > 0) Console.WriteLine($"originals under quality {PdqHasher.LowQuality}: {string.Join(", ", originals.Where(o => o.Hashes.Quality < PdqHasher.LowQuality).Select(o => $"{Path.GetFileName(o.Path)} (q={o.Hashes.Quality})"))}");
        Console.WriteLine();
        var good = originals.Select(o => o.Hashes.Quality >= PdqHasher.LowQuality).ToArray();
        Console.WriteLine($"| edit | queries | original found | recall | recall, the {good.Count(g => g)} originals of q ≥ {PdqHasher.LowQuality} | median distance to original | max | false: other real image | false: random code | queries under q{PdqHasher.LowQuality} |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var totals = (Queries: 0, Found: 0, OtherReal: 0, Random: 0);
        foreach (var edit in Edits)
        {
            var outcomes = new (int Distance, bool Found, int OtherReal, int Random, int Quality)[originals.Count];
            Parallel.For(0, originals.Count, i =>
            {
                var bytes = edit.Encode(originals[i].Pixels);
                var query = PdqHasher.HashEncodedDihedral(bytes);
                List<PdqHash> probes = edit.Dihedral ? [.. query.All] : [query.Original];
                if (variants) probes.AddRange(PdqVariants.QueryHashes(ImageCodec.Decode(bytes, applyOrientation: false)).Select(r => r.Hash));
                int own = PdqHash.Bits, otherReal = 0, randomHits = 0;
                for (var e = 0; e < index.Length; e++)
                {
                    var d = PdqHash.Bits;
                    foreach (var p in probes) d = Math.Min(d, p.DistanceTo(index[e]));
                    if (owner[e] == i) own = Math.Min(own, d);
                    else if (d <= radius && owner[e] >= 0) otherReal++;
                    else if (d <= radius) randomHits++;
                }
                outcomes[i] = (own, own <= radius, otherReal, randomHits, query.Quality);
            });
            var found = outcomes.Count(o => o.Found);
            if (Environment.GetEnvironmentVariable("PDQ_RECALL_MISSES") == "1")
                Console.Error.WriteLine($"{edit.Name} misses: {string.Join(", ", outcomes.Select((o, i) => (o, i)).Where(p => !p.o.Found).Select(p => $"{Path.GetFileName(originals[p.i].Path)} d={p.o.Distance} q={p.o.Quality}"))}");
            var distances = outcomes.Select(o => o.Distance).Order().ToList();
            var otherRealTotal = outcomes.Sum(o => o.OtherReal);
            var randomTotal = outcomes.Sum(o => o.Random);
            var foundGood = outcomes.Where((o, i) => good[i] && o.Found).Count();
            Console.WriteLine($"| {edit.Name} | {originals.Count} | {found} | {100.0 * found / originals.Count:0.0} % | {100.0 * foundGood / good.Count(g => g):0.0} % | {distances[distances.Count / 2]} | {distances[^1]} | {otherRealTotal} | {randomTotal} | {outcomes.Count(o => o.Quality < PdqHasher.LowQuality)} |");
            if (!edit.Name.Contains("plain hash", StringComparison.Ordinal))
                totals = (totals.Queries + originals.Count, totals.Found + found, totals.OtherReal + otherRealTotal, totals.Random + randomTotal);
        }
        Console.WriteLine($"| **all edits (flip with dihedral hashes)** | {totals.Queries} | {totals.Found} | {100.0 * totals.Found / totals.Queries:0.0} % | | | | {totals.OtherReal} | {totals.Random} | |");
        Console.WriteLine();
        Console.WriteLine($"false matches are counted per (query, index entry) pair within radius {radius}; {watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>Scaled to 0.8, framed by a light 2-pixel border with a dark 1-pixel bar under its top edge, like a window capture.</summary>
    private static FloatImage Screenshot(FloatImage image)
    {
        var scaled = Transforms.Resize(image, Math.Max(1, image.Width * 4 / 5), Math.Max(1, image.Height * 4 / 5));
        var framed = new FloatImage(scaled.Width + 4, scaled.Height + 5, 3);
        for (var c = 0; c < 3; c++)
        {
            var target = framed.Planes[c];
            Array.Fill(target, 236f);
            for (var x = 0; x < framed.Width; x++) target[2 * framed.Width + x] = 40f;
            var source = scaled.Planes[Math.Min(c, scaled.Channels - 1)];
            for (var y = 0; y < scaled.Height; y++)
                source.AsSpan(y * scaled.Width, scaled.Width).CopyTo(target.AsSpan((y + 3) * framed.Width + 2, scaled.Width));
        }
        return framed;
    }
}
