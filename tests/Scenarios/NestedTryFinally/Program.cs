// Finally handlers containing loops: safe points inside handler bodies cannot be captured
// (no branching into handlers); the checkpoint must wait until the handler is left.
namespace NestedTryFinally;

internal static class Program
{
    private static readonly List<string> s_log = new();
    private static int s_cleanups;

    private static int Spin(int n)
    {
        int s = 0;
        for (int i = 0; i < n; i++) s += i;
        return s;
    }

    private static int WithReturn(int x)
    {
        try
        {
            for (int i = 0; i < 10; i++)
                if (i * x > 12) return i;
            return -1;
        }
        finally
        {
            s_cleanups++;
        }
    }

    private static int Main()
    {
        int total = 0;
        try
        {
            for (int i = 0; i < 8; i++) total += Spin(i);
        }
        finally
        {
            try
            {
                for (int k = 0; k < 6; k++) total += Spin(k + 2); // loop inside the finally's try
            }
            finally
            {
                s_cleanups++;
                s_log.Add("inner finally total=" + total);
            }
        }
        Console.WriteLine($"phase1 total={total} cleanups={s_cleanups}");

        int visited = 0;
        for (int i = 0; i < 12; i++)
        {
            try
            {
                if (i % 4 == 1) continue;
                if (i == 10) break;
                visited += Spin(i);
            }
            finally
            {
                s_cleanups++;
            }
        }
        Console.WriteLine($"phase2 visited={visited} cleanups={s_cleanups}");

        var returns = new List<int>();
        for (int x = 1; x <= 6; x++) returns.Add(WithReturn(x));
        Console.WriteLine($"phase3 returns={string.Join(',', returns)} cleanups={s_cleanups}");

        int deep = 0;
        try
        {
            try
            {
                for (int i = 0; i < 5; i++) deep += Spin(i * 2);
                throw new InvalidOperationException("boom");
            }
            finally
            {
                for (int i = 0; i < 4; i++) deep += Spin(3);
                s_log.Add("middle finally deep=" + deep);
            }
        }
        catch (InvalidOperationException e)
        {
            s_log.Add("caught " + e.Message);
        }
        finally
        {
            s_cleanups++;
        }
        Console.WriteLine($"phase4 deep={deep} cleanups={s_cleanups}");
        foreach (string l in s_log) Console.WriteLine("log: " + l);

        int after = 0;
        for (int i = 0; i < 10; i++) after += Spin(i); // capturable safe points after every handler
        Console.WriteLine($"after={after}");

        int e1 = 0;
        for (int i = 0; i < 8; i++) e1 += i * (i - 1) / 2;
        for (int k = 0; k < 6; k++) e1 += (k + 2) * (k + 1) / 2;
        if (total != e1) return Fail(11, $"total {total} != {e1}");
        int e2 = 0;
        for (int i = 0; i < 10; i++) if (i % 4 != 1) e2 += i * (i - 1) / 2;
        if (visited != e2) return Fail(12, "visited");
        if (string.Join(',', returns) != "-1,7,5,4,3,3") return Fail(13, "returns " + string.Join(',', returns));
        if (deep != 0 + 1 + 6 + 15 + 28 + 4 * 3) return Fail(14, "deep");
        if (s_cleanups != 1 + 11 + 6 + 1) return Fail(15, $"cleanups {s_cleanups}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
