using System.Runtime.ExceptionServices;

namespace Candor.Cli;

/// <summary>
/// Maps a list on several threads and hands the results back in the list's order as soon as each next one is ready:
/// workers take the next index from a shared counter (so a slow file holds up no one else's share, as PLINQ's range
/// partitions of a list can), and run at most <c>window</c> items ahead of the consumer, so memory stays bounded when the
/// output is slower than the work. The work runs on dedicated threads that start at once; PLINQ's machinery is also
/// ~90 methods the JIT compiles at start-up. An exception of the work is rethrown, in order, by the enumerator.
/// </summary>
internal static class OrderedParallel
{
    private sealed class Slot<T>
    {
        public T? Value;
        public ExceptionDispatchInfo? Error;
    }

    public static IEnumerable<TResult> Map<TSource, TResult>(IReadOnlyList<TSource> items, Func<TSource, TResult> work, int threads, CancellationToken ct)
    {
        if (items.Count == 0) yield break;
        threads = Math.Clamp(threads, 1, items.Count);
        var window = Math.Max(64, 16 * threads);
        var slots = new Slot<TResult>?[items.Count];
        var gate = new object();
        var next = 0;     // the next index a worker takes
        var emitted = 0;  // how many results the consumer has taken
        var stop = false;

        void Worker()
        {
            while (true)
            {
                int i;
                lock (gate)
                {
                    while (!stop && next < items.Count && next >= emitted + window) Monitor.Wait(gate);
                    if (stop || next >= items.Count || ct.IsCancellationRequested) return;
                    i = next++;
                }
                var slot = new Slot<TResult>();
                try
                {
                    slot.Value = work(items[i]);
                }
                catch (Exception e)
                {
                    slot.Error = ExceptionDispatchInfo.Capture(e);
                }
                lock (gate)
                {
                    slots[i] = slot;
                    if (i == emitted) Monitor.PulseAll(gate);
                }
            }
        }

        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(Worker) { IsBackground = true, Name = $"candor worker {t + 1}" };
            workers[t].Start();
        }
        using var wake = ct.Register(() =>
        {
            lock (gate) Monitor.PulseAll(gate);
        });
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                Slot<TResult> slot;
                lock (gate)
                {
                    while (slots[i] is null && !ct.IsCancellationRequested) Monitor.Wait(gate);
                    ct.ThrowIfCancellationRequested();
                    slot = slots[i]!;
                    slots[i] = null;
                    emitted = i + 1;
                    // A worker waits for the window to move on only when it is full: wake it then.
                    if (next >= i + window) Monitor.PulseAll(gate);
                }
                slot.Error?.Throw();
                yield return slot.Value!;
            }
        }
        finally
        {
            lock (gate)
            {
                stop = true;
                Monitor.PulseAll(gate);
            }
        }
    }
}
