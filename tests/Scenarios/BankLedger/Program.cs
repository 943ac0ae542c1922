// A bank-ledger simulation with exceptions, records, dictionaries and summaries.
namespace BankLedger;

internal enum TxKind { Deposit, Withdraw, Transfer, Fee }

internal sealed record Tx(int Seq, TxKind Kind, string From, string To, decimal Amount);

internal sealed class InsufficientFundsException : Exception
{
    public InsufficientFundsException(string account, decimal needed) : base($"{account} lacks {needed}") { }
}

internal sealed class Ledger
{
    private readonly Dictionary<string, decimal> _balances = new();
    public readonly List<string> Audit = new();
    public decimal Deposited, Withdrawn, Fees;
    public int Rejected;

    public void Open(string name, decimal opening) { _balances[name] = opening; Deposited += opening; }
    public decimal Balance(string name) => _balances[name];
    public IEnumerable<string> Accounts => _balances.Keys;

    private void Debit(string account, decimal amount)
    {
        if (_balances[account] < amount) throw new InsufficientFundsException(account, amount - _balances[account]);
        _balances[account] -= amount;
    }

    public void Apply(Tx tx)
    {
        try
        {
            switch (tx.Kind)
            {
                case TxKind.Deposit: _balances[tx.To] += tx.Amount; Deposited += tx.Amount; break;
                case TxKind.Withdraw: Debit(tx.From, tx.Amount); Withdrawn += tx.Amount; break;
                case TxKind.Transfer: Debit(tx.From, tx.Amount); _balances[tx.To] += tx.Amount; break;
                case TxKind.Fee: Debit(tx.From, tx.Amount); Fees += tx.Amount; break;
            }
            Audit.Add($"#{tx.Seq} ok {tx.Kind} {tx.Amount}");
        }
        catch (InsufficientFundsException e)
        {
            Rejected++;
            Audit.Add($"#{tx.Seq} rejected: {e.Message}");
        }
    }

    public decimal Total()
    {
        decimal t = 0;
        foreach (decimal b in _balances.Values) t += b;
        return t;
    }
}

internal static class Program
{
    private static readonly string[] s_names = { "alice", "bob", "carol", "dave", "erin" };

    private static IEnumerable<Tx> Generate(int count, uint seed)
    {
        uint s = seed;
        for (int i = 1; i <= count; i++)
        {
            s = s * 1103515245u + 12345u;
            var kind = (TxKind)((s >> 16) % 4);
            string from = s_names[(s >> 8) % 5];
            string to = s_names[(s >> 20) % 5];
            decimal amount = ((s >> 4) % 20000) / 100m;
            if (kind == TxKind.Fee) amount = Math.Round(amount / 40, 2);
            yield return new Tx(i, kind, from, to, amount);
        }
    }

    private static int Main()
    {
        var ledger = new Ledger();
        foreach (string n in s_names) ledger.Open(n, 250m);
        int day = 0;
        int applied = 0;
        foreach (Tx tx in Generate(120, 2024))
        {
            ledger.Apply(tx);
            applied++;
            if (applied % 30 == 0)
            {
                day++;
                Console.WriteLine($"end of day {day}: total={ledger.Total()} rejected={ledger.Rejected} fees={ledger.Fees}");
                foreach (string a in ledger.Accounts) Console.WriteLine($"  {a,-6} {ledger.Balance(a),10:F2}");
            }
        }
        Console.WriteLine($"audit entries={ledger.Audit.Count} first='{ledger.Audit[0]}' last='{ledger.Audit[^1]}'");

        decimal expected = ledger.Deposited - ledger.Withdrawn - ledger.Fees;
        if (ledger.Total() != expected) return Fail(11, $"invariant {ledger.Total()} != {expected}");
        if (ledger.Audit.Count != 120) return Fail(12, "audit");
        foreach (string a in ledger.Accounts) if (ledger.Balance(a) < 0) return Fail(13, "negative " + a);
        var replay = new Ledger();
        foreach (string n in s_names) replay.Open(n, 250m);
        foreach (Tx tx in Generate(120, 2024)) replay.Apply(tx);
        foreach (string a in ledger.Accounts) if (replay.Balance(a) != ledger.Balance(a)) return Fail(14, "replay " + a);
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
