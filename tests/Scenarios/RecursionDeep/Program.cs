// Recursion: a thread's stack of many app frames, each with live locals across the recursive call.
namespace RecursionDeep;

internal sealed class TreeNode
{
    public int Value;
    public TreeNode? Left;
    public TreeNode? Right;
}

internal static class Program
{
    private static readonly List<string> s_moves = new();

    private static int Main()
    {
        long sum = SumTo(80);
        Console.WriteLine($"SumTo(80) = {sum}");

        string path = Path(0, 30);
        Console.WriteLine($"Path length {path.Length}, tail {path[^10..]}");

        Hanoi(5, 'A', 'C', 'B');
        Console.WriteLine($"Hanoi(5) moves = {s_moves.Count}, first {s_moves[0]}, last {s_moves[^1]}");

        TreeNode root = Build(1, 4);
        int treeSum = SumTree(root);
        int depth = Depth(root);
        Console.WriteLine($"tree sum = {treeSum}, depth = {depth}");

        long pow = Power(3, 25);
        Console.WriteLine($"3^25 = {pow}");

        return Verify(sum, path, treeSum, depth, pow);
    }

    private static long SumTo(int n)
    {
        if (n == 0) return 0;
        long below = SumTo(n - 1);
        long mine = n;
        return below + mine;
    }

    private static string Path(int level, int max)
    {
        string here = (level % 10).ToString();
        if (level == max) return here;
        string rest = Path(level + 1, max);
        return here + rest;
    }

    private static void Hanoi(int n, char from, char to, char via)
    {
        if (n == 0) return;
        Hanoi(n - 1, from, via, to);
        s_moves.Add($"{n}:{from}{to}");
        Hanoi(n - 1, via, to, from);
    }

    private static TreeNode Build(int value, int levels)
    {
        var node = new TreeNode { Value = value };
        if (levels > 1)
        {
            node.Left = Build(value * 2, levels - 1);
            node.Right = Build(value * 2 + 1, levels - 1);
        }
        return node;
    }

    private static int SumTree(TreeNode? n) => n is null ? 0 : n.Value + SumTree(n.Left) + SumTree(n.Right);

    private static int Depth(TreeNode? n)
    {
        if (n is null) return 0;
        int l = Depth(n.Left);
        int r = Depth(n.Right);
        return 1 + Math.Max(l, r);
    }

    private static long Power(long b, int e)
    {
        if (e == 0) return 1;
        long half = Power(b, e / 2);
        long sq = half * half;
        return e % 2 == 0 ? sq : sq * b;
    }

    private static int Verify(long sum, string path, int treeSum, int depth, long pow)
    {
        if (sum != 80 * 81 / 2) return Fail(11, $"sum {sum}");
        if (path.Length != 31 || path[..10] != "0123456789") return Fail(12, $"path {path}");
        if (s_moves.Count != 31 || s_moves[0] != "1:AC" || s_moves[^1] != "1:AC") return Fail(13, "hanoi");
        if (treeSum != 15 * 16 / 2) return Fail(14, $"treeSum {treeSum}");
        if (depth != 4) return Fail(15, $"depth {depth}");
        long p = 1;
        for (int i = 0; i < 25; i++) p *= 3;
        if (pow != p) return Fail(16, $"pow {pow} != {p}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
