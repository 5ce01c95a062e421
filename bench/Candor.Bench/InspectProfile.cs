using System.Diagnostics;
using Candor.C2pa.Validation;
using Candor.FileSystem;
using Candor.Formats;
using Candor.Generators;
using Candor.Inspection;

namespace Candor.Bench;

/// <summary>
/// <c>inspect-profile [--repeat N] [--no-pixels] [--no-validate] [--cold] PATH...</c> (or <c>--pieces PATH...</c>: the pixel
/// work piece by piece; <c>--ed25519</c>: the two Ed25519 verifiers side by side): where the time of
/// <see cref="Inspector"/> goes, per file and per phase (in CPU time of the thread, which a loaded machine does not inflate as it does wall time) (open + container scan, EXIF/XMP/IPTC decoding, each generator
/// parser — pixel decodes count in the parser that asks for them —, the rest of the report: C2PA read and validation,
/// disclosure, rules; then the JSON line), with the bytes allocated per file. One thread; each file is inspected
/// <c>--repeat</c> times after one warm-up pass over all files and the median of each phase is printed (with
/// <c>--cold</c>, the first pass over the files only: what a fresh process pays, JIT included).
/// </summary>
internal static class InspectProfile
{
    /// <summary>CPU time of the calling thread in milliseconds (CLOCK_THREAD_CPUTIME_ID): steady on a loaded machine, where wall time is not.</summary>
    private static double ThreadCpuMs() => BenchClock.ThreadCpu().TotalMilliseconds;

    public static int Run(string[] args)
    {
        var repeat = 9;
        var pixels = true;
        var validate = true;
        var cold = false;
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repeat": repeat = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--no-pixels": pixels = false; break;
                case "--no-validate": validate = false; break;
                case "--cold": cold = true; break;
                case "--pieces": return Pieces(args.Where(a => a != "--pieces").ToArray());
                case "--ed25519": return Ed25519();
                default: paths.Add(args[i]); break;
            }
        }
        var files = ImagePaths.Expand(paths).Files;
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: inspect-profile [--repeat N] [--no-pixels] [--no-validate] [--cold] PATH...");
            return 2;
        }
        var options = new InspectOptions { DecodePixels = pixels, C2pa = validate ? C2paValidationOptions.Default : null };
        var inspector = new Inspector(options);
        var phases = new List<string> { "scan", "extract" };
        phases.AddRange(GeneratorRegistry.Parsers.Select(p => p.Id));
        phases.AddRange(["misplaced", "rest", "json", "total"]);

        if (!cold) foreach (var f in files) Profile(f, inspector, options);
        var rows = new List<(string File, Dictionary<string, double> Ms, long Bytes)>();
        foreach (var f in files)
        {
            var samples = new List<(Dictionary<string, double> Ms, long Bytes)>();
            for (var r = 0; r < (cold ? 1 : repeat); r++) samples.Add(Profile(f, inspector, options));
            var median = phases.ToDictionary(p => p, p => samples.Select(s => s.Ms.GetValueOrDefault(p)).Order().ElementAt(samples.Count / 2));
            rows.Add((f, median, samples.Select(s => s.Bytes).Order().ElementAt(samples.Count / 2)));
        }

        var shown = phases.Where(p => rows.Any(r => r.Ms[p] >= 0.01)).ToList();
        Console.WriteLine($"inspect profile: {files.Count} files, pixels {(pixels ? "on" : "off")}, validation {(validate ? "on" : "off")}, "
            + (cold ? "first pass (cold)" : $"median of {repeat} after a warm-up") + "; CPU milliseconds of the thread per phase, KiB allocated");
        Console.WriteLine(string.Join(" ", new[] { Pad("file", 44) }.Concat(shown.Select(p => Pad(Short(p), 8))).Append(Pad("KiB", 8))));
        foreach (var (file, ms, bytes) in rows)
            Console.WriteLine(string.Join(" ", new[] { Pad(Shorten(file), 44) }.Concat(shown.Select(p => Pad(ms[p].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), 8))).Append(Pad((bytes / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), 8))));
        Console.WriteLine(string.Join(" ", new[] { Pad("sum", 44) }.Concat(shown.Select(p => Pad(rows.Sum(r => r.Ms[p]).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), 8))).Append(Pad((rows.Sum(r => r.Bytes) / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), 8))));
        return 0;
    }

    // The pixel work of the default mode, piece by piece, for PNG and lossless WebP files: the first-rows peek, the
    // whole decode (for PNG also with the streaming inflate it replaced, side by side), reading the stealth copy,
    // verifying NovelAI's signature over the pixels.
    private static int Pieces(string[] paths)
    {
        Console.WriteLine("pixel pieces: CPU milliseconds of the thread, median of 5 after a warm-up");
        Console.WriteLine($"{Pad("file", 44)} {Pad("peek8", 8)} {Pad("full", 8)} {Pad("streamed", 8)} {Pad("stealth", 8)} {Pad("sig", 8)}");
        var sums = new double[5];
        foreach (var file in ImagePaths.Expand(paths).Files)
        {
            using var stream = RegularFile.OpenRead(file, FileOptions.RandomAccess, Inspector.FileBufferBytes);
            var scan = ContainerRegistry.Scan(stream, ScanOptions.Default);
            var fields = MetadataExtraction.Extract(scan).Fields;
            var source = new PixelSource(stream, scan, new InspectOptions());
            if (!source.CanPeek) continue;
            double Time(Action a)
            {
                a();
                var t = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    var start = ThreadCpuMs();
                    a();
                    t.Add(ThreadCpuMs() - start);
                }
                return t.Order().ElementAt(2);
            }
            var peek8 = Time(() => source.Top(Generators.Stealth.StealthReader.RowsForQuickCheck));
            var full = Time(() => source.Full());
            var streamed = scan.ImageFormat != ImageFormat.Png ? 0 : Time(() =>
            {
                stream.Position = 0;
                Imaging.Png.PngDecoder.Decode(stream, new Imaging.Png.PngDecodeOptions { MaxPixels = PixelSource.MaxFullPixels, WholeBufferInflate = false });
            });
            var image = source.Full()!;
            var stealth = Time(() => Generators.Stealth.StealthReader.Read(image));
            var comment = fields.FirstOrDefault(f => f.Name == "Comment" && f.Value.Contains("signed_hash", StringComparison.Ordinal))?.Value;
            var sig = comment is null ? 0 : Time(() => Generators.NovelAi.NovelAiSignature.Verify(image, comment));
            double[] row = [peek8, full, streamed, stealth, sig];
            for (var i = 0; i < row.Length; i++) sums[i] += row[i];
            Console.WriteLine($"{Pad(Shorten(file), 44)} {string.Join(" ", row.Select(F))}");
        }
        Console.WriteLine($"{Pad("sum", 44)} {string.Join(" ", sums.Select(F))}");
        return 0;

        static string F(double v) => Pad(v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), 8);
    }

    private static int Ed25519()
    {
        var key = new Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters(new byte[32]);
        var pk = key.GeneratePublicKey().GetEncoded();
        foreach (var size in new[] { 64, 3 << 20 })
        {
            var message = new byte[size];
            new Random(1).NextBytes(message);
            var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(message, 0, message.Length);
            var sig = signer.GenerateSignature();
            foreach (var (name, verify) in new (string, Func<bool>)[]
            {
                ("own", () => Candor.Cryptography.Ed25519Verifier.Verify(pk, sig, h => h.AppendData(message))),
                ("bouncycastle", () => Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(sig, 0, pk, 0, message, 0, message.Length)),
            })
            {
                if (!verify()) throw new InvalidOperationException(name);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < 20; i++) verify();
                Console.WriteLine($"ed25519 {name,-13} {size,8} bytes: {sw.Elapsed.TotalMilliseconds / 20:0.00} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / 20:0.00} ms CPU per verification");
            }
        }
        return 0;
    }

    private static string Short(string phase) => phase.Length <= 8 ? phase : phase[..8];

    private static string Pad(string s, int width) => s.Length >= width ? s : s.PadLeft(width);

    private static string Shorten(string file)
    {
        var parts = file.Split('/');
        var s = parts.Length >= 2 ? parts[^2] + "/" + parts[^1] : file;
        return s.Length <= 44 ? s : "…" + s[^43..];
    }

    // The Inspector's pipeline, phase by phase (the parts it keeps private are measured as "rest": the whole
    // inspection minus the phases measured here).
    private static (Dictionary<string, double> Ms, long Bytes) Profile(string file, Inspector inspector, InspectOptions options)
    {
        var ms = new Dictionary<string, double>();
        var mark = ThreadCpuMs();
        double Lap()
        {
            var now = ThreadCpuMs();
            var t = now - mark;
            mark = now;
            return t;
        }
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        using (var stream = RegularFile.OpenRead(file, FileOptions.RandomAccess, Inspector.FileBufferBytes))
        {
            ContainerScan scan;
            try
            {
                scan = ContainerRegistry.Scan(stream, options.Scan);
            }
            catch (CandorFormatException)
            {
                return (ms, 0);
            }
            ms["scan"] = Lap();
            var extracted = MetadataExtraction.Extract(scan);
            ms["extract"] = Lap();
            var context = Inspector.CreateContext(stream, scan, extracted.Fields, options);
            var reports = new List<Provenance.GeneratorReport>();
            foreach (var parser in GeneratorRegistry.Parsers)
            {
                try
                {
                    reports.AddRange(parser.Parse(context));
                }
                catch (CandorFormatException)
                {
                }
                ms[parser.Id] = Lap();
            }
            _ = MisplacedGeneratorText.Parse(context, reports).ToList();
            ms["misplaced"] = Lap();
        }
        var partial = ms.Values.Sum();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        _ = Lap();
        bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var report = inspector.Inspect(file);
        var total = Lap();
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        ms["rest"] = Math.Max(0, total - partial);
        _ = ReportJson.Serialize(report, indented: false);
        ms["json"] = Lap();
        ms["total"] = total + ms["json"];
        return (ms, bytes);
    }
}
