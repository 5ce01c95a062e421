using System.Diagnostics;
using Candor.C2pa.Jumbf;
using Candor.Formats;
using Ours = Candor.C2pa.Cbor;
using Sfc = System.Formats.Cbor;

namespace Candor.Bench;

/// <summary>
/// <c>c2pa-cbor [--repeat N] FILE...</c>: Candor's own CBOR reader and writer beside
/// System.Formats.Cbor on the same inputs — every CBOR box (claims, assertions, COSE signatures)
/// of the files' C2PA manifest stores. Three measures, each the median over N runs of the time
/// for all inputs: a token walk (every item read, text decoded, byte strings as slices), the same
/// walk writing each token to the library's writer (a re-encoding; the output must equal the input
/// bytes), and Candor's value tree (<see cref="Ours.CborValue.Read(ReadOnlyMemory{byte}, long, int, int)"/>)
/// for scale. Prints one line per measure.
/// </summary>
public static class CborTiming
{
    /// <summary>Runs the comparison with the arguments after <c>c2pa-cbor</c>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var repeat = 9;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[i + 1], out repeat) && repeat >= 1) i++;
            else files.Add(args[i]);
        }
        var inputs = new List<ReadOnlyMemory<byte>>();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            ContainerScan scan;
            try
            {
                scan = ContainerRegistry.Scan(stream);
            }
            catch (CandorFormatException)
            {
                continue;
            }
            if (scan.Payloads.FirstOrDefault(p => p.Kind == PayloadKind.C2pa) is not { } payload) continue;
            try
            {
                Collect(JumbfReader.ReadSuperbox(payload.Data), inputs);
            }
            catch (CandorFormatException)
            {
            }
        }
        // Only inputs both readers (and the value tree) accept in full are timed: a damaged or padded box would end a walk early.
        inputs = [.. inputs.Where(i => Safe(() => WalkOurs(i.Span)) && Safe(() => WalkSfc(i)) && Safe(() => Ours.CborValue.Read(i)))];
        var bytes = inputs.Sum(i => (long)i.Length);

        var identicalOurs = inputs.Count(i => CopyOurs(i.Span).AsSpan().SequenceEqual(i.Span));
        var identicalSfc = inputs.Count(i => CopySfc(i).AsSpan().SequenceEqual(i.Span));

        Console.WriteLine($"CBOR: {inputs.Count} CBOR boxes, {bytes} bytes, from {files.Count} files; median of {repeat} runs over all of them");
        Console.WriteLine($"{"measure",-44}{"Candor (own)",14}{"S.F.Cbor 11",14}{"ratio",8}");
        Report("token walk", repeat, inputs, i => WalkOurs(i.Span), i => WalkSfc(i));
        Report("walk + re-encode (writer)", repeat, inputs, i => CopyOurs(i.Span), i => CopySfc(i));
        var tree = Time(repeat, inputs, i => Ours.CborValue.Read(i));
        Console.WriteLine($"{"value tree (CborValue.Read, Candor only)",-44}{tree,11:F3} ms");
        Console.WriteLine($"re-encodings equal to the input: Candor {identicalOurs} of {inputs.Count}, System.Formats.Cbor {identicalSfc} of {inputs.Count}");
        return 0;
    }

    private static void Collect(JumbfBox box, List<ReadOnlyMemory<byte>> inputs)
    {
        if (box.Type == "cbor") inputs.Add(box.Payload);
        foreach (var child in box.Children) Collect(child, inputs);
    }

    private static bool Safe(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is CandorFormatException or Sfc.CborContentException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static void Report(string name, int repeat, List<ReadOnlyMemory<byte>> inputs, Action<ReadOnlyMemory<byte>> ours, Action<ReadOnlyMemory<byte>> sfc)
    {
        var a = Time(repeat, inputs, ours);
        var b = Time(repeat, inputs, sfc);
        Console.WriteLine($"{name,-44}{a,11:F3} ms{b,11:F3} ms{b / a,7:F2}x");
    }

    private static double Time(int repeat, List<ReadOnlyMemory<byte>> inputs, Action<ReadOnlyMemory<byte>> action)
    {
        foreach (var input in inputs) action(input); // JIT and caches
        var times = new double[repeat];
        for (var run = 0; run < repeat; run++)
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var input in inputs) action(input);
            times[run] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeat / 2];
    }

    private static long WalkOurs(ReadOnlySpan<byte> data)
    {
        var reader = new Ours.CborReader(data);
        long sum = 0;
        do
        {
            sum += StepOurs(ref reader, null);
        }
        while (reader.PeekState() != Ours.CborReaderState.Finished);
        return sum;
    }

    private static byte[] CopyOurs(ReadOnlySpan<byte> data)
    {
        var reader = new Ours.CborReader(data);
        var writer = new Ours.CborWriter(data.Length);
        do
        {
            StepOurs(ref reader, writer);
        }
        while (reader.PeekState() != Ours.CborReaderState.Finished);
        return writer.ToArray();
    }

    // Reads one token (containers: the start or the end) and, with a writer, writes it again.
    private static long StepOurs(ref Ours.CborReader reader, Ours.CborWriter? writer)
    {
        switch (reader.PeekState())
        {
            case Ours.CborReaderState.UnsignedInteger:
                {
                    var v = reader.ReadUInt64();
                    writer?.WriteInt64((long)v);
                    return (long)v;
                }
            case Ours.CborReaderState.NegativeInteger:
                {
                    var n = reader.ReadNegative();
                    writer?.WriteInt64(-1 - (long)n);
                    return (long)n;
                }
            case Ours.CborReaderState.ByteString:
                {
                    var b = reader.ReadDefiniteByteString();
                    writer?.WriteByteString(b);
                    return b.Length;
                }
            case Ours.CborReaderState.TextString:
                {
                    var t = reader.ReadTextString();
                    writer?.WriteTextString(t);
                    return t.Length;
                }
            case Ours.CborReaderState.StartArray:
                {
                    var count = reader.ReadStartArray() ?? 0;
                    writer?.WriteStartArray(count);
                    return count;
                }
            case Ours.CborReaderState.EndArray:
                reader.ReadEndArray();
                return 0;
            case Ours.CborReaderState.StartMap:
                {
                    var count = reader.ReadStartMap() ?? 0;
                    writer?.WriteStartMap(count);
                    return count;
                }
            case Ours.CborReaderState.EndMap:
                reader.ReadEndMap();
                return 0;
            case Ours.CborReaderState.Tag:
                {
                    var tag = reader.ReadTag();
                    writer?.WriteTag(tag);
                    return (long)tag;
                }
            case Ours.CborReaderState.Null:
                reader.ReadNull();
                writer?.WriteNull();
                return 0;
            case Ours.CborReaderState.Boolean:
                {
                    var b = reader.ReadBoolean();
                    writer?.WriteBoolean(b);
                    return b ? 1 : 0;
                }
            case Ours.CborReaderState.HalfPrecisionFloat or Ours.CborReaderState.SinglePrecisionFloat or Ours.CborReaderState.DoublePrecisionFloat:
                {
                    var d = reader.ReadDouble();
                    writer?.WriteDouble(d);
                    return (long)d;
                }
            default:
                {
                    var encoded = reader.ReadEncodedValue();
                    writer?.WriteEncodedValue(encoded);
                    return encoded.Length;
                }
        }
    }

    private static long WalkSfc(ReadOnlyMemory<byte> data)
    {
        var reader = new Sfc.CborReader(data, Sfc.CborConformanceMode.Lax);
        long sum = 0;
        do
        {
            sum += StepSfc(reader, null);
        }
        while (reader.PeekState() != Sfc.CborReaderState.Finished);
        return sum;
    }

    private static byte[] CopySfc(ReadOnlyMemory<byte> data)
    {
        var reader = new Sfc.CborReader(data, Sfc.CborConformanceMode.Lax);
        var writer = new Sfc.CborWriter(Sfc.CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false, initialCapacity: data.Length);
        do
        {
            StepSfc(reader, writer);
        }
        while (reader.PeekState() != Sfc.CborReaderState.Finished);
        return writer.Encode();
    }

    private static long StepSfc(Sfc.CborReader reader, Sfc.CborWriter? writer)
    {
        switch (reader.PeekState())
        {
            case Sfc.CborReaderState.UnsignedInteger:
                {
                    var v = reader.ReadUInt64();
                    writer?.WriteUInt64(v);
                    return (long)v;
                }
            case Sfc.CborReaderState.NegativeInteger:
                {
                    var n = reader.ReadCborNegativeIntegerRepresentation();
                    writer?.WriteCborNegativeIntegerRepresentation(n);
                    return (long)n;
                }
            case Sfc.CborReaderState.ByteString:
                {
                    var b = reader.ReadDefiniteLengthByteString();
                    writer?.WriteByteString(b.Span);
                    return b.Length;
                }
            case Sfc.CborReaderState.TextString:
                {
                    var t = reader.ReadTextString();
                    writer?.WriteTextString(t);
                    return t.Length;
                }
            case Sfc.CborReaderState.StartArray:
                {
                    var count = reader.ReadStartArray();
                    writer?.WriteStartArray(count);
                    return count ?? -1;
                }
            case Sfc.CborReaderState.EndArray:
                reader.ReadEndArray();
                writer?.WriteEndArray();
                return 0;
            case Sfc.CborReaderState.StartMap:
                {
                    var count = reader.ReadStartMap();
                    writer?.WriteStartMap(count);
                    return count ?? -1;
                }
            case Sfc.CborReaderState.EndMap:
                reader.ReadEndMap();
                writer?.WriteEndMap();
                return 0;
            case Sfc.CborReaderState.Tag:
                {
                    var tag = reader.ReadTag();
                    writer?.WriteTag(tag);
                    return (long)tag;
                }
            case Sfc.CborReaderState.Null:
                reader.ReadNull();
                writer?.WriteNull();
                return 0;
            case Sfc.CborReaderState.Boolean:
                {
                    var b = reader.ReadBoolean();
                    writer?.WriteBoolean(b);
                    return b ? 1 : 0;
                }
            case Sfc.CborReaderState.HalfPrecisionFloat or Sfc.CborReaderState.SinglePrecisionFloat or Sfc.CborReaderState.DoublePrecisionFloat:
                {
                    var d = reader.ReadDouble();
                    writer?.WriteDouble(d);
                    return (long)d;
                }
            default:
                {
                    var encoded = reader.ReadEncodedValue();
                    writer?.WriteEncodedValue(encoded.Span);
                    return encoded.Length;
                }
        }
    }
}
