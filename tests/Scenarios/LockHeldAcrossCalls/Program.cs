// Locks held while running loops: ownership, recursion count and mutual exclusion must survive.
namespace LockHeldAcrossCalls;

internal sealed class Account
{
    public readonly object Sync = new();
    public long Balance;
    public int Inside;
}

internal static class Program
{
    private static readonly Account s_a = new() { Balance = 1000 };
    private static readonly Account s_b = new() { Balance = 1000 };
    private static int s_violations;
    private static int s_notEntered;
    private static readonly long[] s_perThread = new long[3];

    private static long Interest(long balance, int rounds)
    {
        long acc = 0;
        for (int r = 0; r < rounds; r++) acc += (balance + r) % 7;
        return acc;
    }

    private static void Deposit(Account acct, long amount)
    {
        lock (acct.Sync) // re-entrant when called with the lock already held
        {
            if (!Monitor.IsEntered(acct.Sync)) s_notEntered++;
            acct.Balance += amount;
        }
    }

    private static void Worker(int id)
    {
        for (int i = 0; i < 4; i++)
        {
            lock (s_a.Sync)
            {
                if (s_a.Inside != 0) s_violations++;
                s_a.Inside = 1;
                long gain = Interest(1000 + i * 13, 4 + id);
                Deposit(s_a, gain);
                lock (s_b.Sync)
                {
                    if (s_b.Inside != 0) s_violations++;
                    s_b.Inside = 1;
                    for (int k = 0; k < 3; k++) Deposit(s_b, k + id);
                    s_b.Inside = 0;
                }
                s_perThread[id] += gain;
                if (!Monitor.IsEntered(s_a.Sync)) s_notEntered++;
                s_a.Inside = 0;
            }

            Monitor.Enter(s_b.Sync);
            try
            {
                if (s_b.Inside != 0) s_violations++;
                s_b.Inside = 1;
                Deposit(s_b, -1);
                s_b.Inside = 0;
            }
            finally
            {
                Monitor.Exit(s_b.Sync);
            }
        }
    }

    private static int Main()
    {
        var threads = new Thread[3];
        for (int t = 0; t < threads.Length; t++)
        {
            int id = t;
            threads[t] = new Thread(() => Worker(id));
            threads[t].Start();
        }
        foreach (Thread t in threads) t.Join();

        bool taken = Monitor.TryEnter(s_a.Sync);
        Console.WriteLine($"main took a after join: {taken}");
        if (taken) Monitor.Exit(s_a.Sync);
        Console.WriteLine($"a.Balance={s_a.Balance} b.Balance={s_b.Balance}");
        Console.WriteLine($"violations={s_violations} notEntered={s_notEntered}");

        long gainTotal = s_perThread[0] + s_perThread[1] + s_perThread[2];
        if (!taken) return Fail(11, "lock still held after threads ended");
        if (s_a.Balance != 1000 + gainTotal) return Fail(12, "a balance");
        long expectB = 1000;
        for (int id = 0; id < 3; id++) expectB += 4 * (3 * id + 3 - 1);
        if (s_b.Balance != expectB) return Fail(13, $"b balance {s_b.Balance} != {expectB}");
        if (s_violations != 0 || s_notEntered != 0) return Fail(14, "exclusion");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
