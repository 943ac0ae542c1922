// Operators, conversions, indexers and properties are ordinary methods with special names.
namespace OperatorsIndexers;

internal readonly struct Vec2
{
    public Vec2(double x, double y) { X = x; Y = y; }
    public double X { get; }
    public double Y { get; }
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    public static Vec2 operator *(Vec2 a, double k) => new(a.X * k, a.Y * k);
    public static double operator *(Vec2 a, Vec2 b) => a.X * b.X + a.Y * b.Y;
    public static implicit operator Vec2((double X, double Y) t) => new(t.X, t.Y);
    public override string ToString() => $"({X},{Y})";
}

internal sealed class Poly
{
    private readonly long[] _c;
    public Poly(params long[] c) => _c = c;
    public int Degree => _c.Length - 1;

    public long this[int i]
    {
        get => i < _c.Length ? _c[i] : 0;
    }

    public long this[long x] // evaluate at x (Horner) – an indexer with a loop
    {
        get
        {
            long r = 0;
            for (int i = _c.Length - 1; i >= 0; i--) r = r * x + _c[i];
            return r;
        }
    }

    public static Poly operator *(Poly a, Poly b)
    {
        var r = new long[a._c.Length + b._c.Length - 1];
        for (int i = 0; i < a._c.Length; i++)
            for (int j = 0; j < b._c.Length; j++)
                r[i + j] += a._c[i] * b._c[j];
        return new Poly(r);
    }

    public static explicit operator long(Poly p)
    {
        long s = 0;
        foreach (long c in p._c) s += c;
        return s;
    }

    public override string ToString() => string.Join(' ', _c);
}

internal sealed class Grid
{
    private readonly int[] _cells;
    private int _writes;
    public Grid(int w, int h) { W = w; H = h; _cells = new int[w * h]; }
    public int W { get; }
    public int H { get; }
    public int Writes => _writes;

    public int this[int x, int y]
    {
        get => _cells[y * W + x];
        set { _cells[y * W + x] = value; _writes++; }
    }

    public int RowSum
    {
        get
        {
            int best = 0;
            for (int y = 0; y < H; y++)
            {
                int s = 0;
                for (int x = 0; x < W; x++) s += this[x, y];
                best = Math.Max(best, s);
            }
            return best;
        }
    }
}

internal static class Program
{
    private static int Main()
    {
        Vec2 pos = (0.0, 0.0);
        Vec2 vel = (1.5, -0.5);
        double work = 0;
        for (int i = 0; i < 20; i++)
        {
            pos = pos + vel * 0.5;
            work += pos * vel;
            if (i % 5 == 4) vel = vel + (0.25, 0.25);
        }
        Console.WriteLine($"pos={pos} work={work}");

        var p = new Poly(1, 1);
        Poly acc = new Poly(1);
        for (int i = 0; i < 8; i++) acc = acc * p;
        Console.WriteLine($"(1+x)^8 = {acc} at2={acc[2L]} coeff4={acc[4]} sum={(long)acc} degree={acc.Degree}");

        var grid = new Grid(6, 5);
        for (int y = 0; y < grid.H; y++)
            for (int x = 0; x < grid.W; x++)
                grid[x, y] = (x + 1) * (y + 2) % 7;
        grid[2, 3] += 10;
        Console.WriteLine($"grid max row sum={grid.RowSum} writes={grid.Writes}");

        if (acc[4] != 70 || acc[2L] != 6561 || (long)acc != 256) return Fail(11, "poly");
        if (grid.Writes != 31) return Fail(12, "writes");
        double ex = 0, ey = 0, vx = 1.5, vy = -0.5, w = 0;
        for (int i = 0; i < 20; i++)
        {
            ex += vx * 0.5; ey += vy * 0.5;
            w += ex * vx + ey * vy;
            if (i % 5 == 4) { vx += 0.25; vy += 0.25; }
        }
        if (pos.X != ex || pos.Y != ey || work != w) return Fail(13, "vectors");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
