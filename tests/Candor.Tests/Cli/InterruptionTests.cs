using System.Diagnostics;
using System.Runtime.InteropServices;
using Candor.Imaging.Png;
using Candor.Tests.Imaging;

namespace Candor.Tests.Cli;

/// <summary>SIGTERM and SIGINT stop a command between files, with one line and the shell's exit code.</summary>
public sealed class InterruptionTests : IDisposable
{
    // Guards against a hang only (before the fix SIGTERM was ignored); nothing here measures time.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("candor-signal-");

    public void Dispose() => _root.Delete(true);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static void WaitUntil(Func<bool> condition, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, "the command ended before it could be signalled");
            Assert.True(clock.Elapsed < HangGuard, "the command never got going");
            Thread.Sleep(20);
        }
    }

    private static bool HasOpen(Process process, string file) =>
        Directory.EnumerateFileSystemEntries($"/proc/{process.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget == file);

    [SkippableTheory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public void A_signal_stops_a_long_hash_with_one_line_and_the_shells_exit_code(int signal, int exitCode)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc to know the command is hashing");
        // A sparse file: terabytes of zeros that take no disk and far longer to hash than the test waits.
        var model = Path.Combine(_root.FullName, "huge.safetensors");
        using (var f = new FileStream(model, FileMode.CreateNew)) f.SetLength(1L << 40);
        using var process = CandorProcess.Start("hash", model);
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            WaitUntil(() => HasOpen(process, model), process);

            Assert.Equal(0, kill(process.Id, signal));

            // (A test host started in the background without job control inherits SIGINT ignored, and so does the command.)
            Assert.True(process.WaitForExit(HangGuard), "the signal was ignored");
        }
        finally
        {
            // Never leave a terabyte hash running behind a failed test.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal("candor: interrupted", err.Result.Trim());
        Assert.Equal("", output.Result);
    }

    [SkippableFact]
    public void Disclose_stopped_by_sigterm_reports_exactly_the_files_it_changed()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "signals a child process");
        var png = PngEncoder.Encode(TestImages.Random(8, 8, 3, 1));
        var files = Enumerable.Range(0, 3000).Select(i => Path.Combine(_root.FullName, $"{i:D5}.png")).ToList();
        foreach (var f in files) File.WriteAllBytes(f, png);
        using var process = CandorProcess.Start("disclose", "--source-type", "trainedAlgorithmicMedia", "--jobs", "2", _root.FullName);
        var err = process.StandardError.ReadToEndAsync();
        var first = process.StandardOutput.ReadLine();
        Assert.StartsWith("wrote ", first, StringComparison.Ordinal);

        Assert.Equal(0, kill(process.Id, 15));
        var rest = process.StandardOutput.ReadToEnd();

        Assert.True(process.WaitForExit(HangGuard), "the signal was ignored");
        Assert.Equal(143, process.ExitCode);
        Assert.Equal("candor: interrupted", err.Result.Trim());
        var reported = (first + "\n" + rest).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l["wrote ".Length..l.IndexOf(": ", StringComparison.Ordinal)]).ToHashSet();
        var changed = files.Where(f => !File.ReadAllBytes(f).AsSpan().SequenceEqual(png)).ToHashSet();
        Assert.True(changed.Count < files.Count, "the batch finished before the signal; nothing was tested");
        Assert.Equal(changed.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Verify_writes_a_file_it_cannot_read_to_stderr_not_stdout()
    {
        var notImage = Path.Combine(_root.FullName, "text.png");
        File.WriteAllText(notImage, "not an image");
        var r = CandorProcess.Run("verify", notImage);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains("cannot be read", r.Err, StringComparison.Ordinal);
    }
}
