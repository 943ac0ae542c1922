// A ledger of accounts (a static dictionary, tens of MB) that changes continuously: each step moves money
// between random accounts, now and then opens one, prints a checksum, and sleeps a little.
// Usage: PrecopyLedger STEPS [ACCOUNTS]. Deterministic: the same output on every run, and across a migration.
namespace PrecopyLedger;

public sealed class Account
{
    public long Balance;
    public string Owner = "";
    public List<long> Recent = new();
}

public static class Program
{
    public static Dictionary<int, Account> Accounts = new();
    public static Random Random = new(12345);

    public static int Main(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 100;
        int accounts = args.Length > 1 ? int.Parse(args[1]) : 200_000;
        for (int i = 0; i < accounts; i++)
        {
            Accounts[i] = new Account { Balance = 1000, Owner = "owner " + i };
        }
        for (int step = 1; step <= steps; step++)
        {
            for (int k = 0; k < 500; k++)
            {
                var from = Accounts[Random.Next(Accounts.Count)];
                var to = Accounts[Random.Next(Accounts.Count)];
                long amount = Random.Next(1, 50);
                from.Balance -= amount;
                to.Balance += amount;
                if (to.Recent.Count > 4) to.Recent.RemoveAt(0);
                to.Recent.Add(amount);
            }
            if (step % 10 == 0)
            {
                Accounts[Accounts.Count] = new Account { Balance = step, Owner = "opened at " + step };
            }
            long sum = 0, weighted = 0;
            foreach (var (id, a) in Accounts)
            {
                sum += a.Balance;
                weighted += a.Balance * (id % 7) + a.Recent.Count;
            }
            Console.WriteLine($"step {step}: {Accounts.Count} accounts, total {sum}, weighted {weighted}");
            Thread.Sleep(40);
        }
        return 0;
    }
}
