using System.Diagnostics;

namespace Candor.Tests.Imaging;

/// <summary>
/// Runs the real ImageMagick <c>convert</c> as the reference codec in tests. Fails with a clear message when
/// only a stand-in is installed (the project's setup script installs the Debian package).
/// </summary>
public static class ImageMagick
{
    private static readonly Lazy<string?> Problem = new(FindProblem);

    /// <summary>Fails the calling test when ImageMagick is not installed.</summary>
    public static void Require()
    {
        if (Problem.Value is { } problem) Assert.Fail(problem);
    }

    /// <summary>Runs <c>convert</c> with <paramref name="args"/>; fails the test on a non-zero exit.</summary>
    public static void Convert(params string[] args)
    {
        Require();
        var (code, _, err) = Run(args);
        if (code != 0) Assert.Fail($"convert {string.Join(' ', args)} failed ({code}): {err}");
    }

    /// <summary>Decodes <paramref name="file"/> with ImageMagick to 16-bit RGBA and returns the high byte of each sample (what Candor's decoders keep).</summary>
    public static byte[] DecodeRgbaHighBytes(string file)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"candor-im-{Guid.NewGuid():N}.rgba");
        try
        {
            Convert(file, "-endian", "MSB", "-depth", "16", "rgba:" + raw);
            var wide = File.ReadAllBytes(raw);
            var bytes = new byte[wide.Length / 2];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = wide[i * 2];
            return bytes;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    private static string? FindProblem()
    {
        try
        {
            var (code, output, _) = Run(["-version"]);
            return code == 0 && output.Contains("ImageMagick", StringComparison.Ordinal)
                ? null
                : "ImageMagick's convert is not installed (found a stand-in); run the project's setup script or `apt-get install -y imagemagick`.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "ImageMagick's convert is not on PATH; run the project's setup script or `apt-get install -y imagemagick`.";
        }
    }

    private static (int Code, string Output, string Error) Run(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("convert") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
