// Structs: value-type locals and fields across safe points, in-place mutation of struct arrays.
namespace Structs;

internal struct Vec
{
    public int X;
    public int Y;
    public Vec(int x, int y) { X = x; Y = y; }
    public readonly int Manhattan => Math.Abs(X) + Math.Abs(Y);
    public override readonly string ToString() => $"({X},{Y})";
}

internal struct Particle
{
    public Vec Pos;
    public Vec Vel;
    public double Mass;
}

internal readonly struct Money
{
    public Money(decimal amount, string currency) { Amount = amount; Currency = currency; }
    public decimal Amount { get; }
    public string Currency { get; }
    public Money Add(decimal d) => new(Amount + d, Currency);
    public override string ToString() => $"{Amount} {Currency}";
}

internal struct Labeled
{
    public string Name;
    public int[] Data;
}

internal sealed class World
{
    public Particle[] Particles = new Particle[4];
    public Vec Origin = new(10, -10);
    public Money Budget = new(100m, "EUR");
}

internal static class Program
{
    private static Vec Step(Vec p, Vec v) => new(p.X + v.X, p.Y + v.Y);

    private static Particle Bounce(Particle p)
    {
        if (Math.Abs(p.Pos.X) > 20) p.Vel.X = -p.Vel.X;
        if (Math.Abs(p.Pos.Y) > 20) p.Vel.Y = -p.Vel.Y;
        return p;
    }

    private static int Main()
    {
        var world = new World();
        for (int i = 0; i < world.Particles.Length; i++)
        {
            world.Particles[i].Pos = new Vec(i, -i);
            world.Particles[i].Vel = new Vec(i + 1, 2 - i);
            world.Particles[i].Mass = 1.5 * (i + 1);
        }

        Vec cursor = new(0, 0);
        Labeled label = new() { Name = "lbl", Data = new int[3] };
        for (int step = 0; step < 16; step++)
        {
            for (int i = 0; i < world.Particles.Length; i++)
            {
                world.Particles[i].Pos = Step(world.Particles[i].Pos, world.Particles[i].Vel);
                world.Particles[i] = Bounce(world.Particles[i]);
            }
            cursor.X += step;
            cursor.Y -= 1;
            label.Data[step % 3] += step;
            world.Budget = world.Budget.Add(0.25m);
            if (step % 5 == 0)
                Console.WriteLine($"step {step}: p0={world.Particles[0].Pos} p3={world.Particles[3].Pos} cursor={cursor} budget={world.Budget}");
        }

        Vec copy = cursor;
        copy.X = 0;
        Console.WriteLine($"cursor={cursor} copy={copy} manhattan={cursor.Manhattan}");
        Console.WriteLine($"label {label.Name} [{string.Join(',', label.Data)}] origin={world.Origin}");
        double mass = 0;
        foreach (Particle p in world.Particles) mass += p.Mass;
        Console.WriteLine($"mass={mass}");

        // Recompute the simulation independently and compare.
        var check = new Particle[4];
        for (int i = 0; i < 4; i++) { check[i].Pos = new Vec(i, -i); check[i].Vel = new Vec(i + 1, 2 - i); }
        for (int step = 0; step < 16; step++)
            for (int i = 0; i < 4; i++)
            {
                check[i].Pos.X += check[i].Vel.X; check[i].Pos.Y += check[i].Vel.Y;
                if (Math.Abs(check[i].Pos.X) > 20) check[i].Vel.X = -check[i].Vel.X;
                if (Math.Abs(check[i].Pos.Y) > 20) check[i].Vel.Y = -check[i].Vel.Y;
            }
        for (int i = 0; i < 4; i++)
            if (check[i].Pos.X != world.Particles[i].Pos.X || check[i].Pos.Y != world.Particles[i].Pos.Y)
                return Fail(11, $"particle {i}");
        if (cursor.X != 120 || cursor.Y != -16 || copy.X != 0) return Fail(12, "cursor");
        if (label.Data[0] + label.Data[1] + label.Data[2] != 120) return Fail(13, "label");
        if (world.Budget.Amount != 104m || world.Budget.Currency != "EUR") return Fail(14, "budget");
        if (mass != 15.0) return Fail(15, "mass");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
