using Candor.Cli;

namespace Candor.Tests.Cli;

/// <summary>The inspect command's worker pool: results in input order whatever the timing, bounded look-ahead, errors in order.</summary>
public class OrderedParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Results_come_back_in_input_order_whatever_each_item_takes(int threads)
    {
        var items = Enumerable.Range(0, 2000).ToList();
        var results = OrderedParallel.Map(items, i =>
        {
            // Uneven work: some items wait, most do not, so the workers finish out of order.
            if (i % 97 == 0) Thread.Sleep(3);
            else Thread.SpinWait(i % 13 * 50);
            return i * 2;
        }, threads, CancellationToken.None).ToList();
        Assert.Equal(items.Select(i => i * 2), results);
    }

    [Fact]
    public void Workers_run_no_further_ahead_of_the_consumer_than_the_window()
    {
        var started = 0;
        var items = Enumerable.Range(0, 1000).ToList();
        var maxAhead = 0;
        var taken = 0;
        foreach (var _ in OrderedParallel.Map(items, i => Interlocked.Increment(ref started), 2, CancellationToken.None))
        {
            taken++;
            Thread.Sleep(taken < 5 ? 20 : 0); // a slow consumer at first: the workers must stop and wait for it
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref started) - taken);
        }
        Assert.Equal(1000, taken);
        Assert.InRange(maxAhead, 1, 64);
    }

    [Fact]
    public void An_exception_of_the_work_surfaces_at_its_place_in_the_order()
    {
        var seen = new List<int>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var r in OrderedParallel.Map(Enumerable.Range(0, 100).ToList(), i => i == 40 ? throw new InvalidOperationException("item 40") : i, 2, CancellationToken.None))
                seen.Add(r);
        });
        Assert.Equal("item 40", e.Message);
        Assert.Equal(Enumerable.Range(0, 40), seen);
    }

    [Fact]
    public void Cancellation_ends_the_enumeration()
    {
        using var cts = new CancellationTokenSource();
        var taken = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in OrderedParallel.Map(Enumerable.Range(0, 100_000).ToList(), i => i, 2, cts.Token))
                if (++taken == 10) cts.Cancel();
        });
        Assert.Equal(10, taken);
    }
}
