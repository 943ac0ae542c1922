// Round-robin turn taking: every line is printed by a different thread, in a fixed order.
namespace TurnTaking;

internal static class Program
{
    private static readonly object s_sync = new();
    private static int s_turn;
    private static readonly List<string> s_record = new();
    private const int Players = 3;
    private const int Rounds = 12;

    private static void Play(int me)
    {
        for (int round = 0; round < Rounds; round++)
        {
            lock (s_sync)
            {
                while (s_turn % Players != me) Monitor.Wait(s_sync);
                string line = $"round {round} player {me} turn {s_turn}";
                Console.WriteLine(line);
                s_record.Add(line);
                s_turn++;
                Monitor.PulseAll(s_sync);
            }
        }
    }

    private static int Main()
    {
        var threads = new Thread[Players];
        for (int p = Players - 1; p >= 0; p--)
        {
            int me = p;
            threads[p] = new Thread(() => Play(me));
            threads[p].Start();
        }
        foreach (Thread t in threads) t.Join();
        Console.WriteLine($"turns={s_turn}");

        if (s_turn != Players * Rounds) return Fail(11, "turns");
        for (int i = 0; i < s_record.Count; i++)
            if (s_record[i] != $"round {i / Players} player {i % Players} turn {i}") return Fail(12, "record " + i);
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
