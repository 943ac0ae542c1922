// Iterators: compiler-generated state machines (MoveNext) called from app loops.
namespace Iterators;

internal sealed class Tree
{
    public Tree(int value, Tree? left = null, Tree? right = null) { Value = value; Left = left; Right = right; }
    public int Value { get; }
    public Tree? Left { get; }
    public Tree? Right { get; }

    public IEnumerable<int> InOrder()
    {
        if (Left is not null)
            foreach (int v in Left.InOrder()) yield return v;
        yield return Value;
        if (Right is not null)
            foreach (int v in Right.InOrder()) yield return v;
    }
}

internal static class Program
{
    private static int s_finallyCount;

    private static IEnumerable<int> Range(int from, int to)
    {
        for (int i = from; i < to; i++) yield return i;
    }

    private static IEnumerable<int> Squares(IEnumerable<int> source)
    {
        foreach (int x in source) yield return x * x;
    }

    private static IEnumerable<string> Labels(IEnumerable<int> source, string prefix)
    {
        int n = 0;
        foreach (int x in source)
        {
            n++;
            if (x % 3 == 0) continue;
            yield return $"{prefix}{n}:{x}";
        }
    }

    private static IEnumerable<long> Fibonacci()
    {
        long a = 0, b = 1;
        while (true)
        {
            yield return a;
            (a, b) = (b, a + b);
        }
    }

    private static IEnumerable<string> Guarded(int count)
    {
        try
        {
            for (int i = 0; i < count; i++) yield return "g" + i;
        }
        finally
        {
            s_finallyCount++;
            Console.WriteLine("iterator finally ran");
        }
    }

    private static Tree BuildTree(int lo, int hi)
    {
        if (lo > hi) return null!;
        int mid = (lo + hi) / 2;
        return new Tree(mid, lo <= mid - 1 ? BuildTree(lo, mid - 1) : null, mid + 1 <= hi ? BuildTree(mid + 1, hi) : null);
    }

    private static int Main()
    {
        int sumSq = 0;
        foreach (int sq in Squares(Range(1, 11))) sumSq += sq;
        Console.WriteLine($"sum of squares 1..10 = {sumSq}");

        var labels = new List<string>();
        foreach (string l in Labels(Squares(Range(0, 9)), "#")) labels.Add(l);
        Console.WriteLine("labels " + string.Join(' ', labels));

        var fib = new List<long>();
        using (IEnumerator<long> e = Fibonacci().GetEnumerator())
        {
            while (e.MoveNext() && fib.Count < 20) fib.Add(e.Current);
        }
        Console.WriteLine($"fib[19]={fib[19]} count={fib.Count}");

        var guarded = new List<string>();
        foreach (string g in Guarded(100))
        {
            if (g == "g6") break;
            guarded.Add(g);
        }
        foreach (string g in Guarded(3)) guarded.Add(g);
        Console.WriteLine("guarded " + string.Join(',', guarded) + $" finallies={s_finallyCount}");

        Tree tree = BuildTree(1, 7);
        var walked = new List<int>();
        foreach (int v in tree.InOrder()) walked.Add(v);
        Console.WriteLine("tree " + string.Join(',', walked));

        if (sumSq != 10 * 11 * 21 / 6) return Fail(11, "sumSq");
        if (labels.Count != 6 || labels[0] != "#2:1" || labels[^1] != "#9:64") return Fail(12, "labels " + string.Join(' ', labels));
        if (fib[19] != 4181) return Fail(13, "fib");
        if (guarded.Count != 9 || s_finallyCount != 2) return Fail(14, "guarded");
        for (int i = 0; i < 7; i++) if (walked[i] != i + 1) return Fail(15, "tree");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
