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
        var next = -1;          // the last index a worker took
        var emitted = 0;        // how many results the consumer has taken
        var waitingFor = -1;    // the index the consumer waits for, or -1
        var windowWaiters = 0;  // workers waiting for the window to move on
        var stop = 0;

        // The common paths take no lock: a worker takes its index with Interlocked and publishes its result with a
        // volatile write, and locks only to wake the consumer when it is waiting for exactly that result (or to wait for the
        // window). With three threads on two cores a lock per step made them spin on each other (Monitor's slow path).
        // Each side writes its flag with a full fence and then reads the other's, so a wake-up cannot be missed.
        void Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= items.Count || Volatile.Read(ref stop) != 0 || ct.IsCancellationRequested) return;
                if (i >= Volatile.Read(ref emitted) + window)
                {
                    lock (gate)
                    {
                        Interlocked.Increment(ref windowWaiters);
                        while (Volatile.Read(ref stop) == 0 && !ct.IsCancellationRequested && i >= Volatile.Read(ref emitted) + window) Monitor.Wait(gate);
                        Interlocked.Decrement(ref windowWaiters);
                    }
                    if (Volatile.Read(ref stop) != 0 || ct.IsCancellationRequested) return;
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
                Interlocked.Exchange(ref slots[i], slot);
                if (Volatile.Read(ref waitingFor) == i)
                {
                    lock (gate) Monitor.PulseAll(gate);
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
                ct.ThrowIfCancellationRequested();
                var slot = Volatile.Read(ref slots[i]);
                if (slot is null)
                {
                    lock (gate)
                    {
                        Interlocked.Exchange(ref waitingFor, i);
                        while ((slot = Volatile.Read(ref slots[i])) is null && !ct.IsCancellationRequested) Monitor.Wait(gate);
                        Interlocked.Exchange(ref waitingFor, -1);
                    }
                    ct.ThrowIfCancellationRequested();
                }
                slots[i] = null;
                Interlocked.Exchange(ref emitted, i + 1);
                if (Volatile.Read(ref windowWaiters) > 0)
                {
                    lock (gate) Monitor.PulseAll(gate);
                }
                slot!.Error?.Throw();
                yield return slot.Value!;
            }
        }
        finally
        {
            Interlocked.Exchange(ref stop, 1);
            lock (gate) Monitor.PulseAll(gate);
        }
    }
}
