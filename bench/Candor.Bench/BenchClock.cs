using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Candor.Bench;

/// <summary>
/// Timing helpers the watermark timing benches share: thread and process CPU clocks (clock_gettime), one timed call
/// with its wall and CPU milliseconds, medians, the load average and invariant-culture formatting.
/// </summary>
internal static class BenchClock
{
    /// <summary>Runs <paramref name="action"/> once; its wall milliseconds and the milliseconds <paramref name="cpu"/> advanced.</summary>
    public static (double WallMs, double CpuMs) Timed(Action action, Func<TimeSpan> cpu)
    {
        var c0 = cpu();
        var wall = Stopwatch.StartNew();
        action();
        return (wall.Elapsed.TotalMilliseconds, (cpu() - c0).TotalMilliseconds);
    }

    /// <summary>The string in the invariant culture.</summary>
    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The one-minute load average, or "?" where /proc/loadavg is missing.</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>CPU time of the calling thread (clock id 3).</summary>
    public static TimeSpan ThreadCpu() => CpuClock(3);

    /// <summary>CPU time of the whole process (clock id 2).</summary>
    public static TimeSpan ProcessCpu() => CpuClock(2);

    private static TimeSpan CpuClock(int id)
    {
        if (!OperatingSystem.IsLinux()) return Process.GetCurrentProcess().TotalProcessorTime;
        clock_gettime(id, out var t);
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
