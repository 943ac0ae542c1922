// Closures and delegates: display classes and delegate objects in the heap; invocations are call sites.
namespace ClosuresDelegates;

internal sealed class Counter
{
    public int Value;
    public event Action<int>? Changed;
    public void Bump(int by)
    {
        Value += by;
        Changed?.Invoke(Value);
    }
    public int Times(int x) => x * Value;
}

internal static class Program
{
    private static Func<int, int> s_transform = x => x + 1;
    private static Action<string>? s_log;
    private static readonly List<string> s_lines = new();

    private static int Apply(Func<int, int> f, int seed, int times)
    {
        int v = seed;
        for (int i = 0; i < times; i++) v = f(v);
        return v;
    }

    private static int Main()
    {
        // Closure over locals, mutated by the lambda and by the method.
        int captured = 0;
        string tag = "t";
        Action bump = () => { captured += 3; tag += "."; };
        for (int i = 0; i < 10; i++)
        {
            bump();
            captured++;
        }
        Console.WriteLine($"captured={captured} tag={tag}");

        // Per-iteration capture: each closure has its own copy.
        var makers = new List<Func<int>>();
        for (int i = 0; i < 6; i++)
        {
            int local = i * i;
            makers.Add(() => local + 100);
        }
        var made = new List<int>();
        foreach (Func<int> m in makers) made.Add(m());
        Console.WriteLine("made " + string.Join(',', made));

        // Static delegate fields replaced during the run.
        int t1 = Apply(s_transform, 0, 10);
        s_transform = x => x * 2;
        int t2 = Apply(s_transform, 1, 10);
        int offset = 7;
        s_transform = x => x + offset;
        offset = 9;
        int t3 = Apply(s_transform, 0, 5);
        Console.WriteLine($"transforms {t1} {t2} {t3}");

        // Multicast.
        s_log += s => s_lines.Add("A:" + s);
        Action<string> b = s => s_lines.Add("B:" + s);
        s_log += b;
        s_log += s => s_lines.Add("C:" + s.Length);
        for (int i = 0; i < 3; i++) s_log("m" + i);
        s_log -= b;
        s_log!("last");
        Console.WriteLine("multicast " + string.Join(' ', s_lines));

        // Events and method groups to instance methods.
        var counter = new Counter();
        var seen = new List<int>();
        counter.Changed += v => seen.Add(v);
        counter.Changed += v => { if (v > 20) seen.Add(-v); };
        Func<int, int> times = counter.Times;
        int timesSum = 0;
        for (int i = 1; i <= 8; i++)
        {
            counter.Bump(i);
            timesSum += times(2);
        }
        Console.WriteLine($"events {string.Join(',', seen)} timesSum={timesSum}");

        // Delegates in a dictionary, dispatched by key.
        var ops = new Dictionary<string, Func<int, int, int>>
        {
            ["add"] = (a, c) => a + c,
            ["mul"] = (a, c) => a * c,
            ["sub"] = (a, c) => a - c,
            ["pow"] = (a, c) => { int r = 1; for (int k = 0; k < c; k++) r *= a; return r; },
        };
        string[] program = { "add", "mul", "pow", "sub", "mul", "add" };
        int acc = 2;
        foreach (string op in program) acc = ops[op](acc, 3);
        Console.WriteLine($"ops acc={acc}");

        if (captured != 40 || tag != "t..........") return Fail(11, "captured");
        if (string.Join(',', made) != "100,101,104,109,116,125") return Fail(12, "made");
        if (t1 != 10 || t2 != 1024 || t3 != 45) return Fail(13, $"transforms {t1} {t2} {t3}");
        if (s_lines.Count != 11 || s_lines[^2] != "A:last" || s_lines[^1] != "C:4") return Fail(14, "multicast");
        if (counter.Value != 36 || seen.Count != 8 + 3 || timesSum != 2 * (1 + 3 + 6 + 10 + 15 + 21 + 28 + 36)) return Fail(15, "events");
        if (acc != ((((2 + 3) * 3) * ((2 + 3) * 3) * ((2 + 3) * 3) - 3) * 3 + 3)) return Fail(16, $"acc {acc}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
