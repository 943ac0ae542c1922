// Mutual recursion: frames of different methods interleave on the stack.
namespace RecursionMutual;

internal static class Parity
{
    public static bool IsEven(int n) => n == 0 || Program.IsOdd(n - 1);
}

internal static class Program
{
    public static bool IsOdd(int n) => n != 0 && Parity.IsEven(n - 1);

    private static int F(int n) => n == 0 ? 1 : n - M(F(n - 1));
    private static int M(int n) => n == 0 ? 0 : n - F(M(n - 1));

    // Ping/pong with a string accumulator passed down and returned up.
    private static string Ping(int n, string acc) => n == 0 ? acc : Pong(n - 1, acc + "i");
    private static string Pong(int n, string acc) => n == 0 ? acc : Ping(n - 1, acc + "o");

    private static int Main()
    {
        var parity = new List<string>();
        foreach (int n in new[] { 0, 1, 7, 20, 21, 30 })
        {
            bool e = Parity.IsEven(n);
            parity.Add($"{n}:{(e ? "even" : "odd")}");
        }
        Console.WriteLine("parity " + string.Join(' ', parity));

        var fs = new int[6];
        var ms = new int[6];
        for (int i = 0; i < fs.Length; i++)
        {
            fs[i] = F(i);
            ms[i] = M(i);
        }
        Console.WriteLine("F " + string.Join(',', fs));
        Console.WriteLine("M " + string.Join(',', ms));

        string pp = Ping(25, "");
        Console.WriteLine($"pingpong {pp}");

        if (string.Join(' ', parity) != "0:even 1:odd 7:odd 20:even 21:odd 30:even") return Fail(11, "parity");
        if (string.Join(',', fs) != "1,1,2,2,3,3") return Fail(12, "F");
        if (string.Join(',', ms) != "0,0,1,2,2,3") return Fail(13, "M");
        if (pp.Length != 25 || pp[0] != 'i' || pp[1] != 'o') return Fail(14, "pingpong");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
