// Multi-threaded ledger: nested locks on two accounts, a global audit lock, deterministic totals.
namespace BankLedgerThreads;

internal sealed class Account
{
    public Account(int id, long opening) { Id = id; Balance = opening; }
    public int Id { get; }
    public long Balance;
    public int Touches;
}

internal static class Program
{
    private static readonly Account[] s_accounts = new Account[6];
    private static readonly object s_auditSync = new();
    private static readonly List<(int Teller, int From, int To, long Amount)> s_audit = new();

    private static uint Next(ref uint state)
    {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    }

    private static void Transfer(int teller, Account from, Account to, long amount)
    {
        Account first = from.Id < to.Id ? from : to;
        Account second = from.Id < to.Id ? to : from;
        lock (first)
        {
            lock (second)
            {
                from.Balance -= amount;
                to.Balance += amount;
                from.Touches++;
                to.Touches++;
                Audit(teller, from.Id, to.Id, amount);
            }
        }
    }

    private static void Audit(int teller, int from, int to, long amount)
    {
        lock (s_auditSync) s_audit.Add((teller, from, to, amount));
    }

    private static void Teller(int id)
    {
        uint state = (uint)(id * 7919 + 1);
        for (int i = 0; i < 10; i++)
        {
            int from = (int)(Next(ref state) % 6);
            int to = (int)(Next(ref state) % 5);
            if (to >= from) to++;
            long amount = 1 + Next(ref state) % 50;
            Transfer(id, s_accounts[from], s_accounts[to], amount);
        }
    }

    private static int Main()
    {
        for (int i = 0; i < s_accounts.Length; i++) s_accounts[i] = new Account(i, 1000 + i * 100);
        var tellers = new Thread[4];
        for (int t = 0; t < tellers.Length; t++)
        {
            int id = t;
            tellers[t] = new Thread(() => Teller(id));
            tellers[t].Start();
        }
        foreach (Thread t in tellers) t.Join();

        long total = 0;
        foreach (Account a in s_accounts)
        {
            Console.WriteLine($"account {a.Id}: balance={a.Balance} touches={a.Touches}");
            total += a.Balance;
        }
        Console.WriteLine($"total={total} audited={s_audit.Count}");

        // Replay the audit log per teller in generation order and check balances.
        var expect = new long[6];
        for (int i = 0; i < 6; i++) expect[i] = 1000 + i * 100;
        for (int id = 0; id < 4; id++)
        {
            uint state = (uint)(id * 7919 + 1);
            for (int i = 0; i < 10; i++)
            {
                int from = (int)(Next(ref state) % 6);
                int to = (int)(Next(ref state) % 5);
                if (to >= from) to++;
                long amount = 1 + Next(ref state) % 50;
                expect[from] -= amount;
                expect[to] += amount;
            }
        }
        for (int i = 0; i < 6; i++) if (expect[i] != s_accounts[i].Balance) return Fail(11, $"account {i}");
        if (total != 6 * 1000 + 1500) return Fail(12, "total");
        if (s_audit.Count != 40) return Fail(13, "audit");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
