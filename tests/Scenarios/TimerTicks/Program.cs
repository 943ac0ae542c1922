// System.Threading.Timer: a periodic timer counts ticks (each callback runs as an app work item and
// prints its tick under a lock, so the transcript is fixed), the main thread waits on a monitor; then a
// one-shot timer armed with Change. On restore timers are re-armed with the time they had left.
namespace TimerTicks;

internal static class Program
{
    private const int Ticks = 12;
    private static readonly object s_gate = new();
    private static int s_ticks;
    private static int s_onceFired;

    private static int Main()
    {
        var timer = new Timer(Tick, "periodic", 20, 15);
        lock (s_gate)
        {
            while (s_ticks < Ticks) Monitor.Wait(s_gate);
        }
        timer.Dispose();
        Console.WriteLine($"periodic done: {s_ticks} ticks");

        var once = new Timer(Once, null, Timeout.Infinite, Timeout.Infinite);
        once.Change(30, Timeout.Infinite);
        lock (s_gate)
        {
            while (s_onceFired == 0) Monitor.Wait(s_gate);
        }
        // A one-shot timer fires once: give it time to (wrongly) fire again.
        for (var i = 0; i < 5; i++) Thread.Sleep(20);
        once.Dispose();
        Console.WriteLine($"one-shot fired {s_onceFired} time(s)");

        if (s_ticks != Ticks) return Fail(11, $"ticks {s_ticks}");
        if (s_onceFired != 1) return Fail(12, $"one-shot fired {s_onceFired} times");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static void Tick(object? state)
    {
        lock (s_gate)
        {
            if (s_ticks >= Ticks) return;
            s_ticks++;
            Console.WriteLine($"{state} tick {s_ticks}");
            Monitor.PulseAll(s_gate);
        }
    }

    private static void Once(object? state)
    {
        lock (s_gate)
        {
            s_onceFired++;
            Console.WriteLine("one-shot fired");
            Monitor.PulseAll(s_gate);
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
