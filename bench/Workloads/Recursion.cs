namespace BenchWorkloads;

public static class Recursion
{
    private sealed class Node
    {
        public int Value;
        public Node? Left;
        public Node? Right;
    }

    public static long Run()
    {
        long h = Fib(30);

        var tree = Build(17, 1);
        for (var i = 0; i < 6; i++)
        {
            h = Suite.Mix(h, Sum(tree));
            h = Suite.Mix(h, Height(tree));
            h = Suite.Mix(h, CountIf(tree, i + 2));
        }
        Mirror(tree);
        h = Suite.Mix(h, LeftmostPath(tree));

        h = Suite.Mix(h, Queens(9));
        return h;
    }

    public static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

    private static Node? Build(int depth, int value)
    {
        if (depth == 0) return null;
        return new Node
        {
            Value = value,
            Left = Build(depth - 1, value * 3 % 1009),
            Right = Build(depth - 1, value * 7 % 1013),
        };
    }

    private static long Sum(Node? n) => n is null ? 0 : n.Value + Sum(n.Left) + Sum(n.Right);

    private static int Height(Node? n) => n is null ? 0 : 1 + Math.Max(Height(n.Left), Height(n.Right));

    private static int CountIf(Node? n, int divisor)
    {
        if (n is null) return 0;
        var here = n.Value % divisor == 0 ? 1 : 0;
        return here + CountIf(n.Left, divisor) + CountIf(n.Right, divisor);
    }

    private static void Mirror(Node? n)
    {
        if (n is null) return;
        (n.Left, n.Right) = (n.Right, n.Left);
        Mirror(n.Left);
        Mirror(n.Right);
    }

    private static long LeftmostPath(Node? n)
    {
        long h = 0;
        while (n is not null)
        {
            h = h * 31 + n.Value;
            n = n.Left;
        }
        return h;
    }

    /// <summary>Number of solutions of the n-queens problem (backtracking over bit masks).</summary>
    private static int Queens(int n) => Place(n, 0, 0, 0, 0);

    private static int Place(int n, int row, int cols, int diag1, int diag2)
    {
        if (row == n) return 1;
        var count = 0;
        for (var c = 0; c < n; c++)
        {
            var d1 = row + c;
            var d2 = row - c + n - 1;
            if ((cols & (1 << c)) != 0 || (diag1 & (1 << d1)) != 0 || (diag2 & (1 << d2)) != 0) continue;
            count += Place(n, row + 1, cols | (1 << c), diag1 | (1 << d1), diag2 | (1 << d2));
        }
        return count;
    }
}
