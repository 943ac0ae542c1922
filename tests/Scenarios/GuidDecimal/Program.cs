// Guid and decimal: 128-bit value types with unusual field layouts.
namespace GuidDecimal;

internal static class Program
{
    private static int Main()
    {
        var ids = new List<Guid>();
        var names = new Dictionary<Guid, string>();
        for (int i = 0; i < 12; i++)
        {
            var g = Make(i);
            ids.Add(g);
            names[g] = "id" + i;
        }
        Guid parsed = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        names[parsed] = "parsed";
        ids.Sort();
        Console.WriteLine($"first={ids[0]} last={ids[^1]}");
        Console.WriteLine($"parsed={parsed:B} name={names[parsed]} lookup3={names[Make(3)]}");
        Guid fresh = Guid.NewGuid();
        Console.WriteLine($"fresh guid is not empty: {fresh != Guid.Empty}");

        decimal balance = 1000.00m;
        decimal rate = 0.0375m;
        var history = new List<decimal>();
        for (int month = 1; month <= 24; month++)
        {
            balance += Math.Round(balance * rate / 12, 2, MidpointRounding.ToEven);
            if (month % 6 == 0) { balance -= 25.125m; history.Add(balance); }
        }
        Console.WriteLine("balances " + string.Join(' ', history));
        decimal third = 1m / 3m;
        decimal sum = 0m;
        for (int i = 0; i < 30; i++) sum += third;
        Console.WriteLine($"third={third} sum30={sum} rounded={Math.Round(sum, 10)} scale={third.Scale} max={decimal.MaxValue}");

        decimal check = 1000.00m;
        for (int month = 1; month <= 24; month++)
        {
            check += Math.Round(check * rate / 12, 2, MidpointRounding.ToEven);
            if (month % 6 == 0) check -= 25.125m;
        }
        if (check != balance) return Fail(11, "balance");
        if (names.Count != 13 || names[Make(7)] != "id7") return Fail(12, "guid lookups");
        if (parsed.ToString() != "6f9619ff-8b86-d011-b42d-00c04fc964ff") return Fail(13, "parsed");
        decimal resum = 0m;
        for (int i = 0; i < 30; i++) resum += 1m / 3m;
        if (sum != resum || Math.Round(sum, 10) != 10m) return Fail(14, "sum");
        for (int i = 1; i < ids.Count; i++) if (ids[i - 1].CompareTo(ids[i]) >= 0) return Fail(15, "order");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static Guid Make(int i) =>
        new(i * 0x01000193, (short)(i * 7), (short)(0x4000 | i), (byte)(0x80 | i), (byte)i, 1, 2, 3, (byte)(i * 3), (byte)(i * 5), (byte)(255 - i));

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
