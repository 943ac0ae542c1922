// Enums of several underlying types in locals, fields, arrays and dictionary keys.
namespace Enums;

internal enum Color { Red, Green, Blue, Yellow }

[Flags]
internal enum Access : byte { None = 0, Read = 1, Write = 2, Execute = 4, All = Read | Write | Execute }

internal enum Big : long { Small = 1, Huge = 1L << 40 }

internal sealed class Light
{
    public Color State = Color.Red;
    public Color Advance() => State = State switch
    {
        Color.Red => Color.Green,
        Color.Green => Color.Yellow,
        Color.Yellow => Color.Red,
        _ => Color.Blue,
    };
}

internal static class Program
{
    private static int Main()
    {
        var light = new Light();
        var counts = new Dictionary<Color, int>();
        Color[] history = new Color[20];
        for (int i = 0; i < history.Length; i++)
        {
            history[i] = light.Advance();
            counts[history[i]] = counts.GetValueOrDefault(history[i]) + 1;
        }
        Console.WriteLine("history " + string.Join(',', history.Take(7)));
        foreach (Color c in Enum.GetValues<Color>()) Console.WriteLine($"count {c} = {counts.GetValueOrDefault(c)}");

        Access acc = Access.None;
        var trail = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            acc ^= (Access)(1 << (i % 3));
            trail.Add(acc.ToString());
        }
        Console.WriteLine("flags " + string.Join(" ; ", trail));
        Access parsed = Enum.Parse<Access>("Read, Execute");
        Console.WriteLine($"parsed={parsed} hasExec={parsed.HasFlag(Access.Execute)} all={Access.All} value={(byte)Access.All}");

        Big big = Big.Small;
        long shifts = 0;
        while (big != Big.Huge)
        {
            big = (Big)((long)big << 1);
            shifts++;
        }
        Console.WriteLine($"big={big} shifts={shifts} defined={Enum.IsDefined(typeof(Big), big)}");

        if (history[0] != Color.Green || history[2] != Color.Red) return Fail(11, "history");
        if (counts[Color.Green] != 7 || counts[Color.Yellow] != 7 || counts[Color.Red] != 6 || counts.ContainsKey(Color.Blue)) return Fail(12, "counts");
        if (trail[^1] != "Write, Execute" || trail[2] != "All") return Fail(13, "flags " + trail[^1]);
        if (parsed != (Access.Read | Access.Execute)) return Fail(14, "parse");
        if (shifts != 40) return Fail(15, "shifts");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
