using System.Diagnostics;
using System.Security.Cryptography;
using Candor.Fingerprints;

namespace Candor.Bench;

/// <summary>
/// `model-hash [--mib N] [--repeat R] [FILE]`: what each hash of <see cref="ModelHashes"/> costs on one thread
/// (N MiB of random bytes in memory, fed in 1 MiB pieces as the file reader does: SHA-256 through .NET/OpenSSL, BLAKE3
/// of the Blake3 3.0.2 package, CRC-32 of Candor.Formats and of System.IO.Hashing), then, given FILE, R runs of the
/// whole one-pass <see cref="ModelHashes.Compute(string, IProgress{long}?, CancellationToken)"/> on it with wall and CPU
/// seconds (model-hash.sh puts sha256sum and openssl beside these in the same run).
/// `model-hash blake3 [--repeat R] FILE`: BLAKE3 of FILE streamed in 1 MiB reads with the Blake3 package, R times.
/// `model-hash make FILE MIB`: writes a safetensors-shaped file of MIB MiB (a JSON header naming 64 MiB F16 tensors,
/// then random tensor bytes) for model-hash.sh.
/// (Up to commit 04209c3 it also ran Candor's own managed BLAKE3, which the package replaced: docs/model-hashing.md.)
/// </summary>
internal static class ModelHashBench
{
    private const int Piece = 1 << 20;

    public static int Run(string[] args)
    {
        if (args is ["blake3", .. var rest]) return RunBlake3File(rest);
        if (args is ["make", var path, var size]) return Make(path, long.Parse(size, System.Globalization.CultureInfo.InvariantCulture));
        var mib = 256;
        var repeat = 3;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--mib") mib = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--repeat") repeat = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else file = args[i];
        }

        var data = new byte[mib << 20];
        new Random(15).NextBytes(data);
        Console.WriteLine($"one thread, {mib} MiB in memory fed in 1 MiB pieces, best of {repeat}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| hash | GB/s | CPU s per GB | digest |");
        Console.WriteLine("|---|---:|---:|---|");
        Component("SHA-256 (.NET IncrementalHash → OpenSSL)", data, repeat, d =>
        {
            using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Feed(d, p => h.AppendData(p));
            return Convert.ToHexStringLower(h.GetHashAndReset());
        });
        Component("BLAKE3, Blake3 3.0.2 package, Update", data, repeat, d =>
        {
            using var h = global::Blake3.Hasher.New();
            Feed(d, p => h.Update(p));
            return h.Finalize().ToString();
        });
        Component("CRC-32, Candor.Formats.Crc32 (slicing-by-8)", data, repeat, d =>
        {
            var h = new Candor.Formats.Crc32();
            Feed(d, p => h.Append(p));
            return h.Value.ToString("x8");
        });
        Component("CRC-32, System.IO.Hashing 11.0.0", data, repeat, d =>
        {
            var h = new System.IO.Hashing.Crc32();
            Feed(d, p => h.Append(p));
            return h.GetCurrentHashAsUInt32().ToString("x8");
        });

        if (file is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"ModelHashes.Compute on {file} ({new FileInfo(file).Length / 1e9:0.00} GB), {repeat} runs");
            for (var r = 0; r < repeat; r++)
            {
                var (wall, cpu, result) = Measure(() => ModelHashes.Compute(file));
                Console.WriteLine($"  run {r + 1}: {wall:0.00} s wall, {cpu:0.00} s CPU ({result.Size / 1e9 / wall:0.00} GB/s)  sha256 {result.Sha256[..16]}… blake3 {result.Blake3[..16]}…");
            }
        }

        return 0;
    }

    private static int RunBlake3File(string[] args)
    {
        var repeat = 3;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat") repeat = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else file = args[i];
        }

        if (file is null)
        {
            Console.Error.WriteLine("usage: model-hash blake3 [--repeat R] FILE");
            return 2;
        }

        var length = new FileInfo(file).Length;
        Console.WriteLine($"BLAKE3 of {file} ({length / 1e9:0.00} GB) streamed in 1 MiB reads, one thread; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| run | implementation | wall s | CPU s | GB/s (wall) | digest |");
        Console.WriteLine("|---|---|---:|---:|---:|---|");
        for (var r = 0; r < repeat; r++)
        {
            var package = Measure(() =>
            {
                using var h = global::Blake3.Hasher.New();
                ReadFile(file, p => h.Update(p));
                return h.Finalize().ToString();
            });
            Console.WriteLine($"| {r + 1} | Blake3 3.0.2 (managed) | {package.Wall:0.00} | {package.Cpu:0.00} | {length / 1e9 / package.Wall:0.00} | {package.Result} |");
        }

        return 0;
    }

    private static int Make(string path, long mib)
    {
        var dataLength = mib << 20;
        var header = new System.Text.StringBuilder("{\"__metadata__\":{\"modelspec.title\":\"model-hash bench\"}");
        for (long at = 0, i = 0; at < dataLength; at += 64 << 20, i++)
        {
            var end = Math.Min(at + (64 << 20), dataLength);
            header.Append(System.Globalization.CultureInfo.InvariantCulture, $",\"t{i}\":{{\"dtype\":\"F16\",\"shape\":[{(end - at) / 2}],\"data_offsets\":[{at},{end}]}}");
        }
        header.Append('}');
        var json = System.Text.Encoding.UTF8.GetBytes(header.ToString());
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        stream.Write(prefix);
        stream.Write(json);
        var buffer = new byte[Piece];
        var random = new Random(15);
        for (long at = 0; at < dataLength; at += Piece)
        {
            random.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(Piece, dataLength - at));
        }
        return 0;
    }

    private delegate void PieceAction(ReadOnlySpan<byte> piece);

    private static void Feed(byte[] data, PieceAction append)
    {
        for (var at = 0; at < data.Length; at += Piece)
            append(data.AsSpan(at, Math.Min(Piece, data.Length - at)));
    }

    private static void ReadFile(string file, PieceAction append)
    {
        using var stream = new FileStream(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
        var buffer = new byte[Piece];
        int read;
        while ((read = stream.Read(buffer)) > 0) append(buffer.AsSpan(0, read));
    }

    private static void Component(string name, byte[] data, int repeat, Func<byte[], string> hash)
    {
        var best = double.MaxValue;
        var bestCpu = 0.0;
        var digest = "";
        for (var r = 0; r < repeat; r++)
        {
            var (wall, cpu, result) = Measure(() => hash(data));
            if (wall < best) (best, bestCpu) = (wall, cpu);
            digest = result;
        }

        var gb = data.Length / 1e9;
        Console.WriteLine($"| {name} | {gb / best:0.00} | {bestCpu / gb:0.000} | {digest[..Math.Min(16, digest.Length)]}… |");
    }

    private static (double Wall, double Cpu, T Result) Measure<T>(Func<T> action)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = action();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds, result);
    }
}
