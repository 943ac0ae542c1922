namespace BenchWorkloads;

/// <summary>The classic n-body simulation (5 planets), with a vector struct and body objects.</summary>
public static class NBody
{
    private readonly struct Vec3(double x, double y, double z)
    {
        public readonly double X = x, Y = y, Z = z;
        public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
        public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
        public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);
        public double LengthSquared => X * X + Y * Y + Z * Z;
    }

    private sealed class Body(Vec3 position, Vec3 velocity, double mass)
    {
        public Vec3 Position = position;
        public Vec3 Velocity = velocity;
        public readonly double Mass = mass;
    }

    private const double SolarMass = 4 * Math.PI * Math.PI;
    private const double DaysPerYear = 365.24;

    public static long Run()
    {
        var bodies = CreateSystem();
        var before = Energy(bodies);
        for (var i = 0; i < 120_000; i++) Advance(bodies, 0.01);
        var after = Energy(bodies);
        return Suite.Mix(BitConverter.DoubleToInt64Bits(before), BitConverter.DoubleToInt64Bits(after));
    }

    private static Body[] CreateSystem()
    {
        Body[] bodies =
        [
            new(new Vec3(0, 0, 0), new Vec3(0, 0, 0), SolarMass),
            new(new Vec3(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01),
                new Vec3(1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05) * DaysPerYear,
                9.54791938424326609e-04 * SolarMass),
            new(new Vec3(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01),
                new Vec3(-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05) * DaysPerYear,
                2.85885980666130812e-04 * SolarMass),
            new(new Vec3(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01),
                new Vec3(2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05) * DaysPerYear,
                4.36624404335156298e-05 * SolarMass),
            new(new Vec3(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01),
                new Vec3(2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05) * DaysPerYear,
                5.15138902046611451e-05 * SolarMass),
        ];
        var momentum = new Vec3(0, 0, 0);
        foreach (var b in bodies) momentum += b.Velocity * b.Mass;
        bodies[0].Velocity = momentum * (-1 / SolarMass);
        return bodies;
    }

    private static void Advance(Body[] bodies, double dt)
    {
        for (var i = 0; i < bodies.Length; i++)
        {
            var bi = bodies[i];
            for (var j = i + 1; j < bodies.Length; j++)
            {
                var bj = bodies[j];
                var d = bi.Position - bj.Position;
                var d2 = d.LengthSquared;
                var mag = dt / (d2 * Math.Sqrt(d2));
                bi.Velocity -= d * (bj.Mass * mag);
                bj.Velocity += d * (bi.Mass * mag);
            }
        }
        foreach (var b in bodies) b.Position += b.Velocity * dt;
    }

    private static double Energy(Body[] bodies)
    {
        double e = 0;
        for (var i = 0; i < bodies.Length; i++)
        {
            var b = bodies[i];
            e += 0.5 * b.Mass * b.Velocity.LengthSquared;
            for (var j = i + 1; j < bodies.Length; j++)
            {
                var d = b.Position - bodies[j].Position;
                e -= b.Mass * bodies[j].Mass / Math.Sqrt(d.LengthSquared);
            }
        }
        return e;
    }
}
