// Exceptions around safe points; caught exception objects stay live in locals across loops.
namespace ExceptionsRethrow;

internal sealed class LedgerException : Exception
{
    public LedgerException(string message, int code, Exception? inner = null) : base(message, inner) => Code = code;
    public int Code { get; }
}

internal static class Program
{
    private static int s_filterCalls;

    private static bool Interesting(Exception e)
    {
        s_filterCalls++;
        return e is LedgerException { Code: < 20 };
    }

    private static int Level3(int i)
    {
        if (i % 5 == 2) throw new ArgumentOutOfRangeException(nameof(i), i, "level3 rejects " + i);
        return i;
    }

    private static int Level2(int i)
    {
        try
        {
            return Level3(i) * 10;
        }
        catch (ArgumentOutOfRangeException)
        {
            if (i % 2 == 0) throw;
            throw new LedgerException("wrapped " + i, i);
        }
    }

    private static int Level1(int i)
    {
        try
        {
            return Level2(i);
        }
        catch (LedgerException e) when (Interesting(e))
        {
            throw new LedgerException("outer " + e.Message, e.Code + 1000, e);
        }
    }

    private static int Main()
    {
        Exception? last = null;
        LedgerException? firstLedger = null;
        var kinds = new List<string>();
        int sum = 0;
        for (int i = 0; i < 30; i++)
        {
            try
            {
                sum += Level1(i);
            }
            catch (LedgerException e)
            {
                last = e;
                firstLedger ??= e;
                kinds.Add($"{i}:L{e.Code}{(e.InnerException is null ? "" : "+inner")}");
            }
            catch (ArgumentOutOfRangeException e)
            {
                last = e;
                kinds.Add($"{i}:A{e.ActualValue}");
            }
        }
        Console.WriteLine($"sum={sum}");
        Console.WriteLine("kinds " + string.Join(' ', kinds));

        // The exception objects are still referenced by locals here; keep looping with them live.
        int lettersInMessages = 0;
        for (int k = 0; k < 20; k++)
            lettersInMessages += (last?.Message.Length ?? 0) + (firstLedger?.Message.Length ?? 0);
        Console.WriteLine($"last type={last?.GetType().Name} message={last?.Message}");
        Console.WriteLine($"first ledger={firstLedger?.Message} code={firstLedger?.Code} letters={lettersInMessages}");
        Console.WriteLine($"filter calls={s_filterCalls}");

        int expectSum = 0, expectCount = 0;
        for (int i = 0; i < 30; i++)
        {
            if (i % 5 == 2) expectCount++;
            else expectSum += i * 10;
        }
        if (sum != expectSum) return Fail(11, $"sum {sum}");
        if (kinds.Count != expectCount) return Fail(12, "count");
        if (kinds[0] != "2:A2" || kinds[1] != "7:L1007+inner" || kinds[2] != "12:A12") return Fail(13, "kinds");
        if (firstLedger is null || firstLedger.Code != 1007 || firstLedger.InnerException is not LedgerException) return Fail(14, "first");
        if (last is not LedgerException { Code: 27 }) return Fail(15, "last");
        if (s_filterCalls != 3) return Fail(16, $"filter calls {s_filterCalls}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
