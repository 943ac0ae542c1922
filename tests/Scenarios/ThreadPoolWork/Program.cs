// Thread-pool work items: each item's body is app code running on a pool thread.
namespace ThreadPoolWork;

internal sealed class WorkItem
{
    public WorkItem(int id) => Id = id;
    public int Id { get; }
    public long Output;
}

internal static class Program
{
    private static readonly object s_done = new();
    private static int s_remaining;

    private static long Crunch(int id)
    {
        long h = 17;
        for (int i = 0; i < 12; i++) h = (h * 31 + id * i) % 1_000_000_007L;
        return h;
    }

    private static void Finish()
    {
        lock (s_done)
        {
            s_remaining--;
            Monitor.PulseAll(s_done);
        }
    }

    private static void WaitAll()
    {
        lock (s_done)
        {
            while (s_remaining > 0) Monitor.Wait(s_done);
        }
    }

    private static int Main()
    {
        var items = new WorkItem[6];
        s_remaining = items.Length;
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = new WorkItem(i);
            ThreadPool.QueueUserWorkItem(state =>
            {
                var w = (WorkItem)state!;
                w.Output = Crunch(w.Id);
                Finish();
            }, items[i]);
        }
        WaitAll();
        foreach (WorkItem w in items) Console.WriteLine($"item {w.Id} -> {w.Output}");

        var squares = new int[5];
        s_remaining = squares.Length;
        for (int i = 0; i < squares.Length; i++)
        {
            ThreadPool.QueueUserWorkItem(idx =>
            {
                int s = 0;
                for (int k = 0; k <= idx; k++) s += 2 * k + 1;
                squares[idx] = s;
                Finish();
            }, i, preferLocal: false);
        }
        WaitAll();
        Console.WriteLine("squares " + string.Join(',', squares));

        foreach (WorkItem w in items) if (w.Output != Crunch(w.Id)) return Fail(11, $"item {w.Id}");
        for (int i = 0; i < squares.Length; i++) if (squares[i] != (i + 1) * (i + 1)) return Fail(12, $"square {i}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
