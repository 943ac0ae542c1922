// lock with several threads: a safe point inside the critical section means the lock is held
// while the thread is captured; the image must record the owner, and no other thread may enter.
namespace LockCounter;

internal static class Program
{
    private static readonly object s_gate = new();
    private static int s_counter;
    private static long s_weighted;
    private static int s_inside;
    private static int s_violations;

    private static int Weight(int worker, int i)
    {
        int w = 0;
        for (int k = 0; k <= worker; k++) w += i % (k + 2);
        return w;
    }

    private static void Worker(object? state)
    {
        int id = (int)state!;
        for (int i = 0; i < 10; i++)
        {
            lock (s_gate)
            {
                if (s_inside != 0) s_violations++;
                s_inside = 1;
                s_counter++;
                s_weighted += Weight(id, i);
                s_inside = 0;
            }
        }
    }

    private static int Main()
    {
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(Worker);
            threads[t].Start(t);
        }
        foreach (Thread t in threads) t.Join();

        Console.WriteLine($"counter={s_counter}");
        Console.WriteLine($"weighted={s_weighted}");
        Console.WriteLine($"violations={s_violations}");

        long expect = 0;
        for (int id = 0; id < 4; id++)
            for (int i = 0; i < 10; i++)
                expect += Weight(id, i);
        if (s_counter != 40) return Fail(11, $"counter {s_counter}");
        if (s_weighted != expect) return Fail(12, $"weighted {s_weighted} != {expect}");
        if (s_violations != 0) return Fail(13, $"violations {s_violations}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
