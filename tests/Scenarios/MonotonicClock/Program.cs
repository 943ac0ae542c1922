// Monotonic clocks must never go backwards for the app, even across a restore in a new process.
using System.Diagnostics;

namespace MonotonicClock;

internal static class Program
{
    private static int Main()
    {
        var sw = Stopwatch.StartNew();
        long lastElapsed = 0;
        long lastStamp = Stopwatch.GetTimestamp();
        long lastTick = Environment.TickCount64;
        DateTime lastUtc = DateTime.UtcNow;
        int backwards = 0;
        int slept = 0;
        for (int i = 0; i < 25; i++)
        {
            Thread.Sleep(2);
            slept += 2;
            long elapsed = sw.ElapsedTicks;
            long stamp = Stopwatch.GetTimestamp();
            long tick = Environment.TickCount64;
            DateTime utc = DateTime.UtcNow;
            if (elapsed < lastElapsed) backwards++;
            if (stamp < lastStamp) backwards++;
            if (tick < lastTick) backwards++;
            if (utc < lastUtc) backwards++;
            lastElapsed = elapsed;
            lastStamp = stamp;
            lastTick = tick;
            lastUtc = utc;
            if (i % 5 == 4) Console.WriteLine($"round {i / 5}: monotonic: {(backwards == 0 ? "ok" : "BACKWARDS")}");
        }
        sw.Stop();
        bool coversSleeps = sw.Elapsed >= TimeSpan.FromMilliseconds(slept);
        Console.WriteLine($"stopwatch covers sleeps: {(coversSleeps ? "ok" : "NO")}");

        long t0 = Stopwatch.GetTimestamp();
        Thread.Sleep(5);
        TimeSpan measured = Stopwatch.GetElapsedTime(t0);
        Console.WriteLine($"elapsed non-negative: {(measured >= TimeSpan.Zero ? "ok" : "NO")}");

        if (backwards != 0) return Fail(11, $"clock went backwards {backwards} times");
        if (!coversSleeps) return Fail(12, "stopwatch shorter than the sleeps");
        if (measured < TimeSpan.Zero) return Fail(13, "negative elapsed");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
