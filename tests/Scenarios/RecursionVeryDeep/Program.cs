// Very deep recursion: thousands of capturable frames on two threads at once.
namespace RecursionVeryDeep;

internal static class Program
{
    private static long s_secondResult;

    private static int Main()
    {
        var t = new Thread(() => s_secondResult = Descend(1500, 7));
        t.Start();
        long mainResult = Descend(3000, 3);
        t.Join();
        Console.WriteLine($"main depth 3000 -> {mainResult}");
        Console.WriteLine($"second depth 1500 -> {s_secondResult}");

        int chain = Chain(0, 2000, new int[1]);
        Console.WriteLine($"chain -> {chain}");

        if (mainResult != Expected(3000, 3)) return Fail(11, $"main {mainResult}");
        if (s_secondResult != Expected(1500, 7)) return Fail(12, $"second {s_secondResult}");
        if (chain != 2000) return Fail(13, $"chain {chain}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    // Each level keeps a local that is live across the recursive call, and the bottom does a loop.
    private static long Descend(int depth, int salt)
    {
        long mine = (depth * (long)salt) % 1009;
        if (depth == 0)
        {
            long acc = 0;
            for (int i = 0; i < 50; i++) acc += i * salt;
            return acc;
        }
        long below = Descend(depth - 1, salt);
        return (below + mine) % 1_000_000_007L;
    }

    private static long Expected(int depth, int salt)
    {
        long acc = 0;
        for (int i = 0; i < 50; i++) acc += i * salt;
        for (int d = 1; d <= depth; d++) acc = (acc + (d * (long)salt) % 1009) % 1_000_000_007L;
        return acc;
    }

    // A shared array object passed down the whole chain: every frame references the same heap object.
    private static int Chain(int level, int max, int[] counter)
    {
        counter[0]++;
        if (level == max - 1) return counter[0];
        return Chain(level + 1, max, counter);
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
