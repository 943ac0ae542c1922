namespace HeapServer;

/// <summary>
/// Rewrites random records (never the static range) at a steady rate in bytes per second, on a thread of
/// its own: ticks of 10 ms, each paying off what the clock says is owed, so a slow tick is caught up.
/// </summary>
public sealed class Mutator(LiveHeap heap, double bytesPerSecond)
{
    private const int TickMs = 10;

    public void Start()
    {
        if (bytesPerSecond <= 0) return;
        new Thread(Run) { IsBackground = true, Name = "mutator" }.Start();
    }

    private void Run()
    {
        var random = new Random(12345);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double written = 0;
        while (true)
        {
            var owed = clock.Elapsed.TotalSeconds * bytesPerSecond - written;
            // A long stall (the process was frozen) is not caught up in one burst: at most one second's worth.
            if (owed > bytesPerSecond) written += owed - bytesPerSecond;
            while (clock.Elapsed.TotalSeconds * bytesPerSecond - written > 0)
                written += heap.Rewrite(random.Next(RecordRecipe.StaticKeys, heap.Count));
            Thread.Sleep(TickMs);
        }
    }
}
