using System.Diagnostics;

namespace Candor.Watermark;

/// <summary>
/// Time of consecutive named steps (a profile without a profiler): <see cref="Lap"/> ends the step that began at the previous
/// lap. Wall time by default; a bench on a busy machine passes a CPU-time source instead.
/// </summary>
internal sealed class SectionClock(Func<TimeSpan>? now = null)
{
    private readonly Stopwatch _watch = new();
    private readonly Func<TimeSpan>? _now = now;
    private TimeSpan _start, _last;

    /// <summary>The steps in order with their milliseconds; a name repeated adds up.</summary>
    public List<(string Name, double Ms)> Sections { get; } = [];

    private TimeSpan Now => _now is null ? _watch.Elapsed : _now() - _start;

    public void Start()
    {
        _watch.Restart();
        _start = _now?.Invoke() ?? TimeSpan.Zero;
        _last = TimeSpan.Zero;
    }

    public void Lap(string name)
    {
        var now = Now;
        var ms = (now - _last).TotalMilliseconds;
        _last = now;
        var at = Sections.FindIndex(s => s.Name == name);
        if (at >= 0) Sections[at] = (name, Sections[at].Ms + ms);
        else Sections.Add((name, ms));
    }
}
