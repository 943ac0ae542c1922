// Seeded Random: its internal state (seed array and indexes) is part of the image.
namespace RandomSeeded;

internal sealed class Dice
{
    private readonly Random _rng;
    public Dice(int seed) => _rng = new Random(seed);
    public int Roll() => _rng.Next(1, 7);
}

internal static class Program
{
    private static List<string> Draw(Random r, Dice dice, int rounds)
    {
        var record = new List<string>();
        for (int i = 0; i < rounds; i++)
        {
            int a = r.Next();
            int b = r.Next(1000);
            double d = r.NextDouble();
            long l = r.NextInt64(1L << 40);
            var bytes = new byte[3];
            r.NextBytes(bytes);
            int roll = dice.Roll();
            record.Add($"{a} {b} {d} {l} {bytes[0]}-{bytes[1]}-{bytes[2]} {roll}");
        }
        return record;
    }

    private static int Main()
    {
        var rng = new Random(12345);
        var dice = new Dice(7);
        var record = new List<string>();
        for (int block = 0; block < 4; block++)
        {
            List<string> part = Draw(rng, dice, 5);
            record.AddRange(part);
            Console.WriteLine($"block {block}: {part[0]}");
        }
        int[] deck = new int[10];
        for (int i = 0; i < deck.Length; i++) deck[i] = i;
        rng.Shuffle(deck);
        string[] items = rng.GetItems(new[] { "x", "y", "z" }, 6);
        Console.WriteLine($"shuffled {string.Join(',', deck)} items {string.Join("", items)}");
        Console.WriteLine($"last {record[^1]}");

        var rng2 = new Random(12345);
        var dice2 = new Dice(7);
        var again = new List<string>();
        for (int block = 0; block < 4; block++) again.AddRange(Draw(rng2, dice2, 5));
        int[] deck2 = new int[10];
        for (int i = 0; i < deck2.Length; i++) deck2[i] = i;
        rng2.Shuffle(deck2);
        string[] items2 = rng2.GetItems(new[] { "x", "y", "z" }, 6);
        for (int i = 0; i < record.Count; i++) if (record[i] != again[i]) return Fail(11, "sequence differs at " + i);
        if (string.Join(',', deck) != string.Join(',', deck2)) return Fail(12, "shuffle");
        if (string.Join("", items) != string.Join("", items2)) return Fail(13, "items");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
