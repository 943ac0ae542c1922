// Abstract classes and template methods; a constructor that runs a loop via a helper.
namespace AbstractClasses;

internal abstract class Shape
{
    protected Shape(string name)
    {
        Name = name;
        Signature = Checksum(name); // a constructor calling a method with a loop
    }

    public string Name { get; }
    public int Signature { get; }
    public abstract double Area { get; }
    protected abstract double Perimeter();

    public string Report(int precision)
    {
        string text = "";
        for (int i = 0; i <= precision; i++) text = $"{Name}: area {Math.Round(Area, i)} perimeter {Math.Round(Perimeter(), i)}";
        return text;
    }

    private static int Checksum(string s)
    {
        int h = 7;
        foreach (char c in s) h = h * 31 + c;
        return h & 0xFFFF;
    }
}

internal sealed class Rect : Shape
{
    private readonly double _w, _h;
    public Rect(double w, double h) : base("rect") { _w = w; _h = h; }
    public override double Area => _w * _h;
    protected override double Perimeter() => 2 * (_w + _h);
}

internal sealed class Tri : Shape
{
    private readonly double _a, _b, _c;
    public Tri(double a, double b, double c) : base("tri") { _a = a; _b = b; _c = c; }
    public override double Area
    {
        get
        {
            double s = (_a + _b + _c) / 2;
            return Math.Sqrt(s * (s - _a) * (s - _b) * (s - _c));
        }
    }
    protected override double Perimeter() => _a + _b + _c;
}

internal abstract class Processor<T>
{
    private readonly List<string> _log = new();
    public IReadOnlyList<string> Log => _log;

    public T Run(T seed, int steps)
    {
        T cur = seed;
        for (int i = 0; i < steps; i++)
        {
            cur = Step(cur, i);
            if (ShouldLog(i)) _log.Add($"{i}:{cur}");
        }
        return cur;
    }

    protected abstract T Step(T value, int index);
    protected virtual bool ShouldLog(int index) => index % 4 == 0;
}

internal sealed class Doubler : Processor<long>
{
    protected override long Step(long value, int index) => value * 2 + index;
}

internal sealed class Appender : Processor<string>
{
    protected override string Step(string value, int index) => value + (char)('A' + index % 26);
    protected override bool ShouldLog(int index) => index % 5 == 4;
}

internal static class Program
{
    private static int Main()
    {
        var shapes = new List<Shape>();
        for (int i = 1; i <= 4; i++)
        {
            shapes.Add(new Rect(i, i + 0.5));
            shapes.Add(new Tri(3 * i, 4 * i, 5 * i));
        }
        double total = 0;
        foreach (Shape s in shapes)
        {
            total += s.Area;
            Console.WriteLine(s.Report(2) + $" sig={s.Signature}");
        }
        Console.WriteLine($"total area={total}");

        var d = new Doubler();
        long dv = d.Run(1, 20);
        var a = new Appender();
        string av = a.Run("", 15);
        Console.WriteLine($"doubler={dv} log={string.Join(' ', d.Log)}");
        Console.WriteLine($"appender={av} log={string.Join(' ', a.Log)}");

        double expect = 0;
        for (int i = 1; i <= 4; i++) expect += i * (i + 0.5) + 6.0 * i * i;
        if (Math.Abs(total - expect) > 1e-9) return Fail(11, "area");
        long check = 1;
        for (int i = 0; i < 20; i++) check = check * 2 + i;
        if (dv != check) return Fail(12, "doubler");
        if (av != "ABCDEFGHIJKLMNO" || a.Log.Count != 3) return Fail(13, "appender");
        if (shapes[0].Signature != shapes[2].Signature || shapes[1].Signature == shapes[0].Signature) return Fail(14, "signature");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
