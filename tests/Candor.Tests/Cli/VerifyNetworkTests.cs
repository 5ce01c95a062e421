using System.Diagnostics;
using Candor.Tests.C2pa.Validation;

namespace Candor.Tests.Cli;

// candor verify --allow-network against a server that never finishes: the deadline ends it with a
// plain outcome, and Ctrl-C ends it with one line instead of a wait and a stack trace.
public sealed class VerifyNetworkTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("candor-verify-net-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LoopbackHttpServer Trickling() => new(async (s, ct) =>
    {
        await LoopbackHttpServer.WriteHeadAsync(s, "Content-Length: 1000\r\n", ct);
        for (var i = 0; i < 1000; i++)
        {
            await s.WriteAsync(new byte[] { 0 }, ct);
            await Task.Delay(200, ct);
        }
    });

    [Fact]
    public async Task Ctrl_c_during_a_remote_fetch_ends_verify_naming_the_file_and_exit_130()
    {
        using var server = Trickling();
        var file = Path.Combine(_dir, "remote.png");
        File.WriteAllBytes(file, RemoteManifestTests.PngPointingAt(server.Url));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Candor.Cli.dll"), "verify", "--allow-network", file }) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await server.Requested.WaitAsync(HangGuard);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync().WaitAsync(HangGuard);
            await process.WaitForExitAsync().WaitAsync(HangGuard);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
        var err = await errors;
        Assert.Equal(130, process.ExitCode);
        // The file being fetched is named, then verify stops like every command: one "interrupted" line.
        Assert.Equal($"candor: {file}: cancelled\ncandor: interrupted\n", err);
        Assert.Equal("", await output);
    }
}
