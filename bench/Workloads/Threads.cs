namespace BenchWorkloads;

public static class Threads
{
    private sealed class Shared
    {
        public readonly object Gate = new();
        public long Counter;
        public long Total;
        public readonly Dictionary<int, int> Histogram = new();
    }

    public static long Run()
    {
        var shared = new Shared();
        const int threadCount = 4;
        var results = new long[threadCount];
        var threads = new Thread[threadCount];
        for (var t = 0; t < threadCount; t++)
        {
            var id = t;
            threads[t] = new Thread(() => results[id] = Worker(id, shared));
            threads[t].Start();
        }
        foreach (var thread in threads) thread.Join();

        long h = Suite.Mix(shared.Counter, shared.Total);
        foreach (var r in results) h = Suite.Mix(h, r);
        for (var bucket = 0; bucket < 64; bucket++) h = Suite.Mix(h, shared.Histogram.GetValueOrDefault(bucket));
        return h;
    }

    /// <summary>Per-thread work items; each result is published under the shared lock.</summary>
    private static long Worker(int id, Shared shared)
    {
        var local = new int[256];
        long mine = 0;
        for (var item = 0; item < 6_000; item++)
        {
            var seed = id * 1_000_003 + item;
            var value = Work(local, seed);
            mine += value & 0xFFFF;
            lock (shared.Gate)
            {
                shared.Counter++;
                shared.Total += value & 0xFF;
                var bucket = (int)(value & 63);
                shared.Histogram[bucket] = shared.Histogram.GetValueOrDefault(bucket) + 1;
            }
        }
        return mine;
    }

    /// <summary>A small unit of CPU work on a per-thread buffer (a few hundred operations).</summary>
    private static long Work(int[] buffer, int seed)
    {
        var x = (uint)seed | 1;
        for (var i = 0; i < buffer.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buffer[i] = (int)(x & 0xFFF);
        }
        long acc = 0;
        for (var i = 1; i < buffer.Length; i++) acc += Math.Abs(buffer[i] - buffer[i - 1]);
        return acc;
    }
}
