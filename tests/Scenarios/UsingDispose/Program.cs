// using: a checkpoint inside a using block must not dispose the resource (finally bodies are
// skipped while capturing), and after restore Dispose runs exactly once.
namespace UsingDispose;

internal sealed class Resource : IDisposable
{
    public static int Disposed;
    public static readonly List<string> Events = new();
    private int _disposeCount;

    public Resource(string name) => Name = name;
    public string Name { get; }
    public int Uses { get; private set; }

    public int Use(int x)
    {
        if (_disposeCount > 0) throw new ObjectDisposedException(Name);
        Uses++;
        return x * Name.Length;
    }

    public void Dispose()
    {
        _disposeCount++;
        Disposed++;
        Events.Add($"dispose {Name} #{_disposeCount} after {Uses} uses");
        Console.WriteLine($"dispose {Name} (count {_disposeCount})");
    }
}

internal struct Scope : IDisposable
{
    public static int Closed;
    private readonly string _tag;
    public Scope(string tag) { _tag = tag; Console.WriteLine("open " + tag); }
    public void Dispose() { Closed++; Console.WriteLine("close " + _tag); }
}

internal static class Program
{
    private static int Consume(Resource r, int n)
    {
        int acc = 0;
        for (int i = 0; i < n; i++) acc += r.Use(i);
        return acc;
    }

    private static int Main()
    {
        int sum = 0;
        using (var a = new Resource("alpha"))
        {
            for (int i = 0; i < 20; i++) sum += a.Use(i);
            sum += Consume(a, 5);
        }
        Console.WriteLine($"after alpha sum={sum}");

        for (int round = 0; round < 4; round++)
        {
            using var r = new Resource("loop" + round);
            sum += Consume(r, round + 2);
        }
        Console.WriteLine($"after loop sum={sum}");

        using (var outer = new Resource("outer"))
        using (new Scope("scope1"))
        {
            using (var inner = new Resource("inner"))
            {
                for (int i = 0; i < 8; i++) sum += outer.Use(i) + inner.Use(i);
            }
            sum += Consume(outer, 3);
        }
        Console.WriteLine($"after nested sum={sum}");

        try
        {
            using var failing = new Resource("failing");
            for (int i = 0; i < 10; i++)
            {
                sum += failing.Use(i);
                if (i == 6) throw new InvalidOperationException("stop at 6");
            }
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("caught: " + e.Message);
        }

        {
            using var decl = new Resource("decl");
            using var sc = new Scope("scope2");
            sum += Consume(decl, 10);
        }
        Console.WriteLine($"final sum={sum} disposed={Resource.Disposed} scopes={Scope.Closed}");

        if (Resource.Disposed != 1 + 4 + 2 + 1 + 1) return Fail(11, $"disposed {Resource.Disposed}");
        foreach (string e in Resource.Events)
            if (!e.Contains("#1 ")) return Fail(12, "double dispose: " + e);
        if (Scope.Closed != 2) return Fail(13, $"scopes {Scope.Closed}");
        int expect = 190 * 5 + 10 * 5;
        for (int round = 0; round < 4; round++)
        {
            int n = round + 2;
            expect += n * (n - 1) / 2 * 5;
        }
        expect += 28 * 5 + 28 * 5 + 3 * 5 + 21 * 7 + 45 * 4;
        if (sum != expect) return Fail(14, $"sum {sum} != {expect}");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
