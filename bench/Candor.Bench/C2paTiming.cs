using System.Diagnostics;
using System.Text.Json;
using Candor.C2pa.Cose;
using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.C2pa.Validation;

namespace Candor.Bench;

/// <summary>
/// The Candor side of <c>bench/c2pa-vs-reference.sh</c>, plain timing loops in this process:
/// <list type="bullet">
/// <item><c>c2pa [--repeat N] [--anchors PEM] [--warm-only] FILE...</c> (--warm-only skips the cold runs and their cold_ms, for profiling): validates each file N times (the full
/// validation: signature, certificate, trust, time-stamp, hashes, ingredients) and prints one JSON
/// line per file, <c>{"file", "ms", "cold_ms", "kib", "outcome", "measured"}</c>: ms = median of one validation
/// as in a batch (certificates already in the process's certificate cache after the first run),
/// cold_ms = median of one validation with the certificate cache and the chain results emptied
/// before each (what the first file of a signer costs);</item>
/// <item><c>c2pa-sign [--repeat N] --alg A --cert CHAIN --key KEY IN...</c>: signs each input N times
/// in memory (file I/O excluded, as the reference's <c>sign.mjs</c>) and prints <c>{"in", "alg", "ms"}</c>.</item>
/// </list>
/// The same measures as the reference's <c>tests/interop/validate.mjs</c> and <c>sign.mjs --repeat N</c>.
/// </summary>
public static class C2paTiming
{
    private const string Measured = "C2paValidator.Validate (full validation, file opened each time)";

    /// <summary>Runs the validation mode with the arguments after <c>c2pa</c>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var repeat = 1;
        string? anchors = null;
        var warmOnly = false;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[i + 1], out repeat) && repeat >= 1) i++;
            else if (args[i] == "--anchors" && i + 1 < args.Length) anchors = args[++i];
            else if (args[i] == "--warm-only") warmOnly = true;
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) return Usage($"unknown option or bad value: {args[i]}");
            else files.Add(args[i]);
        }
        if (files.Count == 0) return Usage("no files given");
        var options = new C2paValidationOptions { Trust = anchors is null ? C2paTrustSettings.None : C2paTrustSettings.FromPemFiles(anchors) };

        using var stdout = Console.OpenStandardOutput();
        foreach (var file in files)
        {
            var times = new double[repeat];
            var cold = new double[repeat];
            var outcome = "";
            for (var run = 0; run < (warmOnly ? 0 : repeat); run++)
            {
                CertificateCache.Clear();
                CredentialChain.ClearResults();
                var started = Stopwatch.GetTimestamp();
                C2paValidator.Validate(file, options);
                cold[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var run = 0; run < repeat; run++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = C2paValidator.Validate(file, options);
                times[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                outcome = result.State?.ToString() ?? result.Outcome.ToString();
            }
            allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / repeat;
            // As the reference is timed: the bytes already in memory, no file opened (no sidecar lookup either).
            var bytes = File.ReadAllBytes(file);
            var inMemory = new double[repeat];
            for (var run = 0; run < repeat; run++)
            {
                var started = Stopwatch.GetTimestamp();
                C2paValidator.Validate(new MemoryStream(bytes, writable: false), options);
                inMemory[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            WriteLine(stdout, json =>
            {
                json.WriteString("file", file);
                json.WriteNumber("ms", Math.Round(BenchClock.Median(times), 3));
                if (!warmOnly) json.WriteNumber("cold_ms", Math.Round(BenchClock.Median(cold), 3));
                json.WriteNumber("kib", Math.Round(allocated / 1024.0, 1));
                json.WriteNumber("memory_ms", Math.Round(BenchClock.Median(inMemory), 3));
                json.WriteString("outcome", outcome);
                json.WriteString("measured", Measured);
            });
        }
        return 0;
    }

    /// <summary>Runs the signing mode with the arguments after <c>c2pa-sign</c>; returns the process exit code.</summary>
    public static int RunSign(string[] args)
    {
        var repeat = 1;
        string? alg = null, cert = null, key = null;
        var inputs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[i + 1], out repeat) && repeat >= 1) i++;
            else if (args[i] == "--alg" && i + 1 < args.Length) alg = args[++i];
            else if (args[i] == "--cert" && i + 1 < args.Length) cert = args[++i];
            else if (args[i] == "--key" && i + 1 < args.Length) key = args[++i];
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) return Usage($"unknown option or bad value: {args[i]}");
            else inputs.Add(args[i]);
        }
        if (alg is null || cert is null || key is null || inputs.Count == 0) return Usage("c2pa-sign needs --alg, --cert, --key and inputs");
        using var signingKey = CoseSigningKey.FromPem(File.ReadAllText(key));
        var options = new C2paSignOptions
        {
            Algorithm = CoseAlgorithmNames.Parse(alg),
            Key = signingKey,
            Chain = [.. C2paTrustSettings.ReadPem(File.ReadAllText(cert), cert)],
            DigitalSourceType = "trainedAlgorithmicMedia",
            Title = "bench",
        };
        using var stdout = Console.OpenStandardOutput();
        foreach (var input in inputs)
        {
            var bytes = File.ReadAllBytes(input);
            var times = new double[repeat];
            for (var run = 0; run < repeat; run++)
            {
                var started = Stopwatch.GetTimestamp();
                C2paSigner.Sign(bytes, options, out _);
                times[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            WriteLine(stdout, json =>
            {
                json.WriteString("in", input);
                json.WriteString("alg", alg);
                json.WriteNumber("ms", Math.Round(BenchClock.Median(times), 3));
            });
        }
        return 0;
    }

    private static void WriteLine(Stream stdout, Action<Utf8JsonWriter> body)
    {
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        stdout.WriteByte((byte)'\n');
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"Candor.Bench: {problem}\nusage: Candor.Bench c2pa [--repeat N] [--anchors PEM] [--warm-only] FILE...\n       Candor.Bench c2pa-sign [--repeat N] --alg A --cert CHAIN --key KEY IN...");
        return 2;
    }
}
