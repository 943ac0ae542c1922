// Tuples and nullables: generic value types with several fields and hasValue flags.
namespace TuplesNullable;

internal struct Range
{
    public int Lo, Hi;
}

internal sealed class Node
{
    public Node? Next;
    public int? Weight;
}

internal static class Program
{
    private static (int Min, int Max, double Mean) Stats(int[] values)
    {
        int min = int.MaxValue, max = int.MinValue;
        long sum = 0;
        foreach (int v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }
        return (min, max, (double)sum / values.Length);
    }

    private static int? Find(int[] values, int target)
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] == target) return i;
        return null;
    }

    private static int Main()
    {
        int[] data = { 14, 3, 27, 8, 19, 3, 42, 11 };
        (int Min, int Max, double Mean) stats = Stats(data);
        var (lo, hi, _) = stats;
        ((int, string), (double, bool)) nested = ((1, "one"), (1.5, true));
        var objTuple = Tuple.Create("name", 3, 4.5);
        Console.WriteLine($"stats={stats} lo={lo} hi={hi} nested={nested} obj={objTuple}");

        var pairs = new List<(string Key, int? Value)>();
        int? running = null;
        double? ratio = null;
        bool? flag = null;
        Range? range = null;
        for (int i = 0; i < 16; i++)
        {
            int? found = Find(data, i + 3);
            pairs.Add(("t" + (i + 3), found));
            running = found.HasValue ? (running ?? 0) + found.Value : running;
            ratio = found / 2.0;
            flag = found is null ? flag : found > 3;
            if (found is int f) range = range is { } r ? new Range { Lo = Math.Min(r.Lo, f), Hi = Math.Max(r.Hi, f) } : new Range { Lo = f, Hi = f };
        }
        var hits = pairs.FindAll(p => p.Value.HasValue);
        Console.WriteLine("hits " + string.Join(' ', hits));
        Console.WriteLine($"running={running} ratio={ratio?.ToString() ?? "null"} flag={flag} range={range?.Lo}..{range?.Hi}");

        int?[] sparse = new int?[8];
        for (int i = 0; i < sparse.Length; i += 3) sparse[i] = i * i;
        int present = 0, sum = 0;
        foreach (int? v in sparse) if (v.HasValue) { present++; sum += v.GetValueOrDefault(); }
        var chain = new Node { Next = new Node { Weight = 5, Next = new Node() } };
        int chainWeight = (chain.Next?.Weight ?? 0) + (chain.Next?.Next?.Weight ?? -1) + (chain.Next?.Next?.Next?.Weight ?? 100);
        Console.WriteLine($"sparse present={present} sum={sum} chain={chainWeight}");

        if (stats != (3, 42, 15.875)) return Fail(11, "stats");
        if (hits.Count != 4 || running != 1 + 3 + 7 + 0) return Fail(12, $"hits {hits.Count} running {running}");
        if (ratio is not null || flag != false) return Fail(13, "ratio/flag");
        if (range is null || range.Value.Lo != 0 || range.Value.Hi != 7) return Fail(14, "range");
        if (present != 3 || sum != 0 + 9 + 36 || chainWeight != 104) return Fail(15, "sparse");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
