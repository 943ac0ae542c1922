// Generic methods: locals of type T live across safe points, instantiated over structs and classes.
using System.Numerics;

namespace GenericMethods;

internal sealed class Named : IComparable<Named>
{
    public Named(string name) => Name = name;
    public string Name { get; }
    public int CompareTo(Named? other) => string.CompareOrdinal(Name, other?.Name);
    public override string ToString() => Name;
}

internal static class Program
{
    private static T MaxOf<T>(T[] items) where T : IComparable<T>
    {
        T best = items[0];
        for (int i = 1; i < items.Length; i++)
        {
            if (items[i].CompareTo(best) > 0) best = items[i];
        }
        return best;
    }

    private static T SumRec<T>(T[] items, int index) where T : INumber<T>
    {
        if (index == items.Length) return T.Zero;
        T rest = SumRec(items, index + 1);
        return items[index] + rest;
    }

    private static List<TOut> Map<TIn, TOut>(IReadOnlyList<TIn> source, Func<TIn, TOut> f)
    {
        var result = new List<TOut>(source.Count);
        for (int i = 0; i < source.Count; i++)
        {
            TOut v = f(source[i]);
            result.Add(v);
        }
        return result;
    }

    private static int CountIf<T>(IEnumerable<T> source, Predicate<T> p)
    {
        int n = 0;
        foreach (T item in source)
            if (p(item)) n++;
        return n;
    }

    private static (T, U) Zip1<T, U>(T a, U b) where T : notnull where U : class => (a, b);

    private static T Identity<T>(T x) => x;

    private static T Repeat<T>(T seed, int times, Func<T, T> step)
    {
        T cur = seed;
        for (int i = 0; i < times; i++) cur = step(cur);
        return cur;
    }

    private static int Main()
    {
        int[] ints = { 5, 3, 19, 7, 11, 2, 17 };
        double[] doubles = { 1.5, -2.25, 9.75, 3.0 };
        var names = new[] { new Named("pear"), new Named("apple"), new Named("zucchini"), new Named("fig") };

        int maxInt = MaxOf(ints);
        double maxDouble = MaxOf(doubles);
        Named maxName = MaxOf(names);
        Console.WriteLine($"max int={maxInt} double={maxDouble} name={maxName}");

        int sumInt = SumRec(ints, 0);
        double sumDouble = SumRec(doubles, 0);
        decimal sumDec = SumRec(new[] { 1.1m, 2.2m, 3.3m }, 0);
        Console.WriteLine($"sum int={sumInt} double={sumDouble} decimal={sumDec}");

        List<string> mapped = Map(ints, i => "n" + i);
        List<int> lengths = Map(names, n => n.Name.Length);
        Console.WriteLine($"map {string.Join(',', mapped)} | {string.Join(',', lengths)}");

        int odd = CountIf(ints, i => i % 2 == 1);
        int longNames = CountIf(names, n => n.Name.Length > 3);
        Console.WriteLine($"count odd={odd} longNames={longNames}");

        var z = Zip1(42, "answer");
        Console.WriteLine($"zip {z.Item1} {z.Item2} {Identity<long>(7L)} {Identity("s")}");

        string grown = Repeat("x", 12, s => s + (s.Length % 3));
        long doubled = Repeat(1L, 40, v => v * 2 % 1_000_003);
        Named renamed = Repeat(new Named("a"), 5, n => new Named(n.Name + "b"));
        Console.WriteLine($"repeat {grown} {doubled} {renamed}");

        if (maxInt != 19 || maxDouble != 9.75 || maxName.Name != "zucchini") return Fail(11, "max");
        if (sumInt != 64 || sumDouble != 12.0 || sumDec != 6.6m) return Fail(12, "sum");
        if (mapped.Count != 7 || mapped[2] != "n19" || lengths[2] != 8) return Fail(13, "map");
        if (odd != 6 || longNames != 3) return Fail(14, "count");
        if (grown.Length != 13 || renamed.Name != "abbbbb") return Fail(15, "repeat");
        long d = 1;
        for (int i = 0; i < 40; i++) d = d * 2 % 1_000_003;
        if (doubled != d) return Fail(16, "doubled");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
