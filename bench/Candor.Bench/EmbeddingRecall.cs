using System.Diagnostics;
using Candor.Embeddings;
using Candor.Imaging;
using Candor.Index;

namespace Candor.Bench;

/// <summary>
/// `embedding-recall [--distractors N] [--seed S] DIR...`: the embedding route's answer to "is my picture in the
/// set?" for the same edited copies as pdq-recall (JPEG q50, half size, 10 % crop, 5° turn, mirror, screenshot-like).
/// The originals are embedded with the shipped image encoder (ResNet18) and put in a VectorIndex (HNSW, as served)
/// with N distractor vectors. No real distractor images can be had here in that number, so each distractor is a mix
/// of two originals' embeddings with noise, normalised: it sits among the real pictures (cosine 0.6–0.9 to them, higher
/// than most unrelated photos reach), which makes the test harder than random vectors would. Printed per edit: how
/// often the original is the nearest item (top-1) and among the 10 nearest (top-10), and the median cosine to it.
/// </summary>
internal static class EmbeddingRecall
{
    public static int Run(string[] args)
    {
        var distractors = 100_000;
        var seed = 1;
        var dirs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--distractors") distractors = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--seed") seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else dirs.Add(args[i]);
        }
        if (dirs.Count == 0) { Console.Error.WriteLine("usage: embedding-recall [--distractors N] [--seed S] DIR..."); return 2; }
        var watch = Stopwatch.StartNew();
        using var encoder = Encoders.DefaultImage();
        var files = dirs.SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg").Order(StringComparer.Ordinal).ToList();
        var images = files.Select(f => ImageCodec.Load(f)).ToList();
        var originals = encoder.EncodeBatch(images);
        var dimension = originals[0].Length;

        var random = new Random(seed);
        var count = originals.Length + distractors;
        var vectors = new float[(long)count * dimension];
        var ids = new long[count];
        for (var i = 0; i < count; i++) ids[i] = i;
        for (var i = 0; i < originals.Length; i++) originals[i].CopyTo(vectors, (long)i * dimension);
        for (var i = originals.Length; i < count; i++)
        {
            var a = originals[random.Next(originals.Length)];
            var b = originals[random.Next(originals.Length)];
            var w = 0.3 + 0.4 * random.NextDouble();
            var row = vectors.AsSpan((int)((long)i * dimension), dimension);
            double norm = 0;
            for (var j = 0; j < dimension; j++)
            {
                // Box–Muller noise, σ 0.02 per dimension (about 0.45 in norm against unit-length embeddings).
                var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 0.02;
                row[j] = (float)(w * a[j] + (1 - w) * b[j] + noise);
                norm += row[j] * row[j];
            }
            var inv = (float)(1 / Math.Sqrt(norm));
            for (var j = 0; j < dimension; j++) row[j] *= inv;
        }
        using var index = VectorIndex.Create(dimension);
        index.AddBatch(ids, vectors);
        Console.WriteLine($"embedding recall: {originals.Length} originals from {string.Join(", ", dirs)} + {distractors:N0} mixed distractor vectors (seed {seed}), {encoder.Info.Name} {dimension}-d, HNSW {index.Options}");
        Console.WriteLine();
        Console.WriteLine("| edit | queries | top-1 | top-10 | median cosine to original | lowest |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        int total = 0, top1 = 0, top10 = 0;
        foreach (var edit in PdqRecall.Edits.Where(e => !e.Name.Contains("plain hash", StringComparison.Ordinal)))
        {
            var outcomes = new (bool Top1, bool Top10, float Cosine)[originals.Length];
            for (var i = 0; i < originals.Length; i++)
            {
                var copy = ImageCodec.Decode(edit.Encode(images[i]));
                var query = encoder.Encode(copy);
                var hits = index.Search(query, 10);
                float cosine = 0;
                for (var j = 0; j < dimension; j++) cosine += query[j] * originals[i][j];
                outcomes[i] = (hits.Count > 0 && hits[0].Id == i, hits.Any(h => h.Id == i), cosine);
            }
            var cosines = outcomes.Select(o => o.Cosine).Order().ToList();
            var name = edit.Name.Replace(", 8 dihedral hashes", "", StringComparison.Ordinal);
            Console.WriteLine($"| {name} | {originals.Length} | {outcomes.Count(o => o.Top1)} ({100.0 * outcomes.Count(o => o.Top1) / originals.Length:0.0} %) | {outcomes.Count(o => o.Top10)} ({100.0 * outcomes.Count(o => o.Top10) / originals.Length:0.0} %) | {cosines[cosines.Count / 2]:0.000} | {cosines[0]:0.000} |");
            total += originals.Length;
            top1 += outcomes.Count(o => o.Top1);
            top10 += outcomes.Count(o => o.Top10);
        }
        Console.WriteLine($"| **all edits** | {total} | {top1} ({100.0 * top1 / total:0.0} %) | {top10} ({100.0 * top10 / total:0.0} %) | | |");
        Console.WriteLine();
        Console.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
