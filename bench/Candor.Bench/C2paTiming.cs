using System.Diagnostics;
using System.Text.Json;
using Candor.C2pa.Validation;

namespace Candor.Bench;

/// <summary>
/// The Candor side of <c>bench/c2pa-vs-reference.sh</c>: <c>Candor.Bench c2pa [--repeat N] FILE...</c>
/// validates each file N times in this process and prints one JSON line per file,
/// <c>{"file", "ms", "outcome", "measured"}</c>, where ms is the median time of one validation (the same
/// measure as the reference's <c>tests/interop/validate.mjs --repeat N</c>).
/// </summary>
public static class C2paTiming
{
    /// <summary>Runs the mode with the arguments after <c>c2pa</c>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var repeat = 1;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[i + 1], out repeat) && repeat >= 1) i++;
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) return Usage($"unknown option or bad value: {args[i]}");
            else files.Add(args[i]);
        }
        if (files.Count == 0) return Usage("no files given");

        using var stdout = Console.OpenStandardOutput();
        foreach (var file in files)
        {
            var times = new double[repeat];
            var outcome = "";
            for (var run = 0; run < repeat; run++)
            {
                var started = Stopwatch.GetTimestamp();
                outcome = Validate(file);
                times[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            using (var json = new Utf8JsonWriter(stdout))
            {
                json.WriteStartObject();
                json.WriteString("file", file);
                json.WriteNumber("ms", Math.Round(Median(times), 3));
                json.WriteString("outcome", outcome);
                json.WriteString("measured", Measured);
                json.WriteEndObject();
            }
            stdout.WriteByte((byte)'\n');
        }
        return 0;
    }

    // Named in every output line so the comparison table says what Candor's column measures.
    private const string Measured = "C2paHashValidation.Validate (hash checks only)";

    // What is timed: one validation of one file, from its path.
    private static string Validate(string file)
    {
        try
        {
            // BENCH-SWITCH: once Candor.C2pa.Validation.C2paValidator exists, the next line becomes
            // C2paValidator.Validate(file, trust) (trust loaded once, outside the timing loop), and
            // Measured above says so.
            var report = C2paHashValidation.Validate(file);
            return report is null ? "no manifest store" : report.Passed ? "hashes match" : "hash failures";
        }
        catch (CandorFormatException e)
        {
            return "error: " + e.Message;
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"Candor.Bench c2pa: {problem}\nusage: Candor.Bench c2pa [--repeat N] FILE...");
        return 2;
    }
}
