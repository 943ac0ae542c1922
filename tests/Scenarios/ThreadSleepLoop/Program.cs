// Thread.Sleep in loops: each sleep is a blocking safe point.
namespace ThreadSleepLoop;

internal static class Program
{
    private static int s_workerTicks;

    private static int Main()
    {
        var worker = new Thread(() =>
        {
            for (int i = 0; i < 15; i++)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(3));
                s_workerTicks++;
            }
        });
        worker.Start();

        long acc = 0;
        for (int i = 0; i < 20; i++)
        {
            Thread.Sleep(i % 4 == 0 ? 0 : 2);
            acc += i * i;
            if (i % 5 == 4) Console.WriteLine($"main slept through {i + 1} iterations, acc={acc}");
        }
        worker.Join();
        Console.WriteLine($"worker ticks={s_workerTicks}");

        if (acc != 19 * 20 * 39 / 6) return Fail(11, "acc");
        if (s_workerTicks != 15) return Fail(12, "ticks");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
