// checked arithmetic: overflow exceptions thrown from inside loops, caught and counted.
namespace CheckedArithmetic;

internal static class Program
{
    private static int Grow(int start, int factor, out int steps)
    {
        int v = start;
        steps = 0;
        try
        {
            while (true)
            {
                v = checked(v * factor);
                steps++;
            }
        }
        catch (OverflowException)
        {
            return v;
        }
    }

    private static int Main()
    {
        var results = new List<string>();
        for (int f = 2; f <= 9; f++)
        {
            int last = Grow(1, f, out int steps);
            results.Add($"{f}:{steps}:{last}");
        }
        Console.WriteLine("grow " + string.Join(' ', results));

        int overflows = 0;
        long acc = long.MaxValue - 1000;
        for (int i = 0; i < 30; i++)
        {
            try
            {
                acc = checked(acc + i * 50);
            }
            catch (OverflowException)
            {
                overflows++;
                acc -= 5000;
            }
        }
        Console.WriteLine($"long acc={acc} overflows={overflows}");

        uint wrapped = uint.MaxValue - 10;
        int conversions = 0, conversionFailures = 0;
        for (int i = 0; i < 25; i++)
        {
            wrapped = unchecked(wrapped + 1);
            long big = (long)i * 300_000_000L;
            try
            {
                int narrowed = checked((int)big);
                conversions += narrowed > 0 ? 1 : 0;
            }
            catch (OverflowException)
            {
                conversionFailures++;
            }
        }
        Console.WriteLine($"wrapped={wrapped} conversions={conversions} failures={conversionFailures}");

        decimal dec = 3.9e28m;
        int decFails = 0;
        for (int i = 0; i < 5; i++)
        {
            try { dec *= 1.5m; }
            catch (OverflowException) { decFails++; dec /= 3m; }
        }
        ulong mulHi = Math.BigMul(ulong.MaxValue, 3UL, out ulong mulLo);
        Console.WriteLine($"dec={dec} decFails={decFails} bigmul hi={mulHi} lo={mulLo}");

        if (results[0] != "2:30:1073741824" || results[8 - 2] != "8:10:1073741824") return Fail(11, "grow " + string.Join(' ', results));
        if (overflows == 0) return Fail(12, "no overflow");
        if (wrapped != 14) return Fail(13, $"wrapped {wrapped}");
        if (conversions != 7 || conversionFailures != 17) return Fail(14, "conversions");
        if (decFails != 1) return Fail(16, "decimal overflow");
        if (mulHi != 2 || mulLo != ulong.MaxValue - 2) return Fail(15, "bigmul");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
