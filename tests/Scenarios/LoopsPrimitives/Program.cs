// Plain loops: every primitive local kind must survive a checkpoint at any back-edge.
namespace LoopsPrimitives;

internal static class Program
{
    private static int Main()
    {
        int isum = 0;
        long lprod = 1;
        double dacc = 0.5;
        float facc = 1f;
        string s = "";
        char c = 'a';
        bool flip = false;
        for (int i = 1; i <= 30; i++)
        {
            isum += i * i;
            lprod = lprod * 3 % 1_000_000_007L;
            dacc = dacc * 1.5 + i / 4.0;
            facc = facc * 0.9f + 1f;
            s += c;
            c = (char)('a' + (c - 'a' + 3) % 26);
            flip = !flip;
            if (i % 5 == 0)
                Console.WriteLine($"for i={i} isum={isum} lprod={lprod} dacc={dacc} facc={facc} s={s} flip={flip}");
        }

        long countdown = 100;
        int whileSteps = 0;
        while (countdown > 0)
        {
            countdown -= 7;
            whileSteps++;
        }
        Console.WriteLine($"while steps={whileSteps} countdown={countdown}");

        int d = 1;
        ulong bits = 0;
        do
        {
            bits = (bits << 3) ^ (ulong)d;
            d += 2;
        } while (d < 40);
        Console.WriteLine($"do d={d} bits={bits}");

        int outer = 0;
        for (int a = 0; a < 6; a++)
            for (int b = 0; b <= a; b++)
                outer += a * 10 + b;
        Console.WriteLine($"nested outer={outer}");

        return Verify(isum, lprod, dacc, s, whileSteps, countdown, bits, outer);
    }

    private static int Verify(int isum, long lprod, double dacc, string s, int whileSteps, long countdown, ulong bits, int outer)
    {
        if (isum != 30 * 31 * 61 / 6) return Fail(11, $"isum {isum}");
        long p = 1;
        for (int i = 0; i < 30; i++) p = p * 3 % 1_000_000_007L;
        if (lprod != p) return Fail(12, $"lprod {lprod} != {p}");
        double dd = 0.5;
        for (int i = 1; i <= 30; i++) dd = dd * 1.5 + i / 4.0;
        if (dacc != dd) return Fail(13, $"dacc {dacc} != {dd}");
        if (s.Length != 30 || s[0] != 'a' || s[1] != 'd') return Fail(14, $"s '{s}'");
        if (whileSteps != 15 || countdown != -5) return Fail(15, "while");
        ulong bb = 0;
        for (int x = 1; x < 40; x += 2) bb = (bb << 3) ^ (ulong)x;
        if (bits != bb) return Fail(16, "bits");
        int o = 0;
        for (int a = 0; a < 6; a++) o += (a + 1) * a * 10 + a * (a + 1) / 2;
        if (outer != o) return Fail(17, $"outer {outer} != {o}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
