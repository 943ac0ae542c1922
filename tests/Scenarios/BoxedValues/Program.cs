// Boxed values in heterogeneous collections.
using System.Collections;

namespace BoxedValues;

internal enum Suit : byte { Clubs, Diamonds, Hearts, Spades }

internal struct Card
{
    public Suit Suit;
    public int Rank;
    public override readonly string ToString() => $"{Rank}{Suit.ToString()[0]}";
}

internal static class Program
{
    private static string Describe(object? o) => o switch
    {
        null => "null",
        int i => $"int:{i}",
        long l => $"long:{l}",
        double d => $"double:{d}",
        bool b => $"bool:{b}",
        char c => $"char:{c}",
        decimal m => $"decimal:{m}",
        Suit s => $"suit:{s}",
        Card card => $"card:{card}",
        string str => $"string:{str}",
        _ => "other:" + o.GetType().Name,
    };

    private static int Main()
    {
        object sharedBox = 99;
        int? maybe = 5;
        object?[] values =
        {
            1, 2L, 3.5, true, 'z', 4.25m, Suit.Hearts, new Card { Suit = Suit.Spades, Rank = 12 },
            "text", null, sharedBox, sharedBox, (object?)maybe, (object?)(int?)null, Guid.Empty,
        };

        var described = new List<string>();
        foreach (object? v in values) described.Add(Describe(v));
        Console.WriteLine(string.Join(' ', described));

        var list = new ArrayList();
        for (int i = 0; i < 12; i++)
        {
            if (i % 3 == 0) list.Add(i);
            else if (i % 3 == 1) list.Add((double)i / 4);
            else list.Add((Suit)(i % 4));
        }
        double total = 0;
        foreach (object o in list)
        {
            total += o switch { int i => i, double d => d, Suit s => (int)s * 100, _ => 0 };
        }
        Console.WriteLine($"arraylist count={list.Count} total={total}");

        var boxes = new List<object>();
        for (int i = 0; i < 10; i++) boxes.Add(i % 2 == 0 ? sharedBox : (object)(i * 1.5));
        int sharedCount = 0;
        foreach (object o in boxes) if (ReferenceEquals(o, sharedBox)) sharedCount++;
        var card = (Card)values[7]!;
        card.Rank = 1;
        Console.WriteLine($"sharedCount={sharedCount} unboxed copy={card} box still={values[7]}");

        if (described.Count != 15 || described[6] != "suit:Hearts" || described[7] != "card:12S" || described[9] != "null") return Fail(11, "describe");
        if (described[12] != "int:5" || described[13] != "null" || !described[14].StartsWith("other:Guid", StringComparison.Ordinal)) return Fail(12, "nullable boxes");
        if (!ReferenceEquals(values[10], values[11])) return Fail(13, "box identity");
        if (sharedCount != 5) return Fail(14, "shared count");
        if (total != 0 + 3 + 6 + 9 + (1 + 4 + 7 + 10) / 4.0 + (2 + 3 + 0 + 1) * 100) return Fail(15, $"total {total}");
        if (((Card)values[7]!).Rank != 12) return Fail(16, "box mutated");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
