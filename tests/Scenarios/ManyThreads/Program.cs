// Many threads at once: the barrier must park all of them.
namespace ManyThreads;

internal static class Program
{
    private const int ThreadCount = 10;
    private static readonly object s_sync = new();
    private static readonly Dictionary<string, int> s_buckets = new();
    private static readonly long[] s_local = new long[ThreadCount];

    private static void Run(int id)
    {
        long mine = 0;
        for (int i = 0; i < 8; i++)
        {
            mine += (long)(id + 1) * (i + 1);
            string key = "b" + (id * i % 5);
            lock (s_sync)
            {
                s_buckets[key] = s_buckets.GetValueOrDefault(key) + 1;
            }
            if (i % 4 == 3) Thread.Sleep(0);
        }
        s_local[id] = mine;
    }

    private static int Main()
    {
        var threads = new List<Thread>();
        for (int t = 0; t < ThreadCount; t++)
        {
            int id = t;
            var th = new Thread(() => Run(id));
            threads.Add(th);
        }
        foreach (Thread th in threads) th.Start();
        foreach (Thread th in threads) th.Join();

        for (int t = 0; t < ThreadCount; t++) Console.WriteLine($"thread {t}: {s_local[t]}");
        var keys = new List<string>(s_buckets.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (string k in keys) Console.WriteLine($"bucket {k} = {s_buckets[k]}");

        int total = 0;
        foreach (int v in s_buckets.Values) total += v;
        if (total != ThreadCount * 8) return Fail(11, $"total {total}");
        for (int t = 0; t < ThreadCount; t++) if (s_local[t] != (t + 1) * 36L) return Fail(12, $"thread {t}");
        var expect = new int[5];
        for (int id = 0; id < ThreadCount; id++) for (int i = 0; i < 8; i++) expect[id * i % 5]++;
        for (int b = 0; b < 5; b++) if (s_buckets.GetValueOrDefault("b" + b) != expect[b]) return Fail(13, "bucket " + b);
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
