using System.Text;

namespace WeaverSample;

public interface IShape
{
    double Area();
}

public sealed class Square(double side) : IShape
{
    public double Area()
    {
        var a = 0.0;
        for (var i = 0; i < 2; i++) a += side * side / 2;
        return a;
    }
}

/// <summary>Its init-only setter returns <c>void modreq(IsExternalInit)</c>: the weaver must see that as void.</summary>
public sealed record Person(string Name)
{
    public int Age { get; init; }
}

public abstract class Accumulator<T>
{
    public abstract T Add(T a, T b);

    public T Sum(IEnumerable<T> items, T zero)
    {
        var total = zero;
        foreach (var item in items) total = Add(total, item);
        return total;
    }
}

public sealed class IntAccumulator : Accumulator<int>
{
    public override int Add(int a, int b) => a + b;
}

public static class Program
{
    private static int s_calls;
    private static readonly List<string> s_log = new();

    public static int Main(string[] args)
    {
        var sb = new StringBuilder();
        long total = 0;
        for (var i = 0; i < 6; i++)
        {
            total += Step(i, ref s_calls);
            sb.Append(i).Append(',');
        }
        Console.WriteLine("loop " + total + " " + sb);

        try
        {
            for (var j = 0; j < 3; j++) Console.WriteLine("in try " + j + " " + Generic(j, "x"));
            Throws(2);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("caught " + e.Message);
        }
        finally
        {
            Console.WriteLine("finally");
        }

        IShape shape = new Square(3);
        Console.WriteLine("area " + shape.Area());
        Console.WriteLine("sum " + new IntAccumulator().Sum(Squares(5), 0));

        Func<int, int> triangle = n =>
        {
            var r = 0;
            for (var k = 1; k <= n; k++) r += k;
            return r;
        };
        Console.WriteLine("triangle " + triangle(7) + " calls " + s_calls);
        Console.WriteLine("foreach " + ForEachSum([1, 2, 3, 4]));

        var person = new Person("ada") { Age = 30 };
        for (var r = 0; r < 3; r++) person = person with { Age = person.Age + 1 };
        Console.WriteLine("record " + person.Age);

        var worker = new Thread(() =>
        {
            for (var z = 0; z < 3; z++)
            {
                lock (s_log) s_log.Add("w" + z);
                Thread.Sleep(1);
            }
        });
        worker.Start();
        worker.Join();
        Console.WriteLine("log " + string.Join(" ", s_log));
        return 7;
    }

    /// <summary>
    /// Optimized at once, so the JIT may inline List.ForEach (a framework loop) here: a capture must
    /// never unwind the lambda through it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long ForEachSum(List<int> items)
    {
        long total = 0;
        items.ForEach(x =>
        {
            for (var k = 0; k < 2; k++) total += x * k;
        });
        return total;
    }

    private static long Step(int i, ref int calls)
    {
        calls++;
        long acc = 1;
        for (var k = 0; k < i; k++) acc = acc * 3 + k;
        return acc;
    }

    private static string Generic<T>(T value, string tag)
    {
        var text = "";
        for (var i = 0; i < 2; i++) text += tag + value;
        return text;
    }

    private static void Throws(int n)
    {
        for (var i = 0; i < n; i++) Console.WriteLine("before throw " + i);
        throw new InvalidOperationException("boom");
    }

    private static IEnumerable<int> Squares(int n)
    {
        for (var i = 1; i <= n; i++) yield return i * i;
    }
}
