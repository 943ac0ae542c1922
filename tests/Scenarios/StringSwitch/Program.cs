// String switches and pattern matching inside a loop that processes commands.
namespace StringSwitch;

internal sealed record Order(string Item, int Qty, decimal Price);

internal static class Program
{
    private static int Classify(int n) => n switch
    {
        < 0 => -1,
        0 => 0,
        >= 1 and <= 9 => 1,
        >= 10 and < 100 => 2,
        _ => 3,
    };

    private static string Shape(int[] xs) => xs switch
    {
        [] => "empty",
        [var one] => $"one({one})",
        [var first, .., var last] when first == last => $"same-ends({first})",
        [_, _] => "pair",
        [var first, .. var mid, _] => $"starts {first} mid {mid.Length}",
    };

    private static string Price(Order o) => o switch
    {
        { Qty: 0 } => "nothing",
        { Item: "gold", Qty: > 5 } => "bulk gold",
        { Price: > 100m } => "premium",
        { Item: var i } when i.StartsWith('s') => "s-item",
        _ => "standard",
    };

    private static int Main()
    {
        string[] commands =
        {
            "push", "push", "add", "dup", "mul", "push", "swap", "sub", "neg", "print", "nop", "inc", "inc", "dec",
            "print", "clear", "push", "square", "print", "halt-not", "unknown", "push", "inc", "mul", "print",
        };
        var stack = new Stack<long>();
        long next = 3;
        var printed = new List<long>();
        int unknown = 0;
        foreach (string cmd in commands)
        {
            switch (cmd)
            {
                case "push": stack.Push(next); next += 2; break;
                case "add": stack.Push(stack.Pop() + stack.Pop()); break;
                case "sub": { long b = stack.Pop(); long a = stack.Pop(); stack.Push(a - b); break; }
                case "mul": stack.Push(stack.Pop() * stack.Pop()); break;
                case "dup": stack.Push(stack.Peek()); break;
                case "swap": { long b = stack.Pop(); long a = stack.Pop(); stack.Push(b); stack.Push(a); break; }
                case "neg": stack.Push(-stack.Pop()); break;
                case "inc": stack.Push(stack.Pop() + 1); break;
                case "dec": stack.Push(stack.Pop() - 1); break;
                case "square": goto case "dup_mul";
                case "dup_mul": { long t = stack.Pop(); stack.Push(t * t); break; }
                case "print": printed.Add(stack.Peek()); Console.WriteLine($"print {stack.Peek()}"); break;
                case "clear": stack.Clear(); break;
                case "nop": break;
                default: unknown++; break;
            }
        }
        Console.WriteLine($"unknown={unknown} depth={stack.Count}");

        var classes = new List<int>();
        foreach (int n in new[] { -5, 0, 7, 42, 1000, 99, 10 }) classes.Add(Classify(n));
        Console.WriteLine("classes " + string.Join(',', classes));
        var shapes = new List<string>();
        foreach (int[] xs in new[] { Array.Empty<int>(), new[] { 4 }, new[] { 1, 2 }, new[] { 5, 6, 7, 5 }, new[] { 1, 2, 3, 4, 5 } }) shapes.Add(Shape(xs));
        Console.WriteLine("shapes " + string.Join(" | ", shapes));
        var prices = new List<string>();
        foreach (Order o in new[] { new Order("gold", 6, 1m), new Order("gold", 1, 500m), new Order("salt", 2, 1m), new Order("rice", 0, 9m), new Order("rice", 3, 2m) }) prices.Add(Price(o));
        Console.WriteLine("prices " + string.Join(',', prices));

        if (string.Join(',', printed) != "57,58,81,972") return Fail(11, "printed " + string.Join(',', printed));
        if (unknown != 2) return Fail(12, "unknown");
        if (string.Join(',', classes) != "-1,0,1,2,3,2,2") return Fail(13, "classes");
        if (shapes[3] != "same-ends(5)" || shapes[4] != "starts 1 mid 3" || shapes[2] != "pair") return Fail(14, "shapes");
        if (string.Join(',', prices) != "bulk gold,premium,s-item,nothing,standard") return Fail(15, "prices");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
