using System.Diagnostics;
using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Bench.Weaving;

// Hand-written C# in the shapes woven code could take (see bench/README.md, "Woven ÷ plain", suggestions):
// where the poll sits and whether its slow path stays inside the loop. Gate 0 throughout; only the cost
// of the fast path and of what the slow path does to register allocation is measured.

public static class Shapes
{
    // ---- sieve ----
    public static int SievePlain(int limit)
    {
        var composite = new bool[limit + 1];
        var count = 0;
        for (var i = 2; i <= limit; i++)
        {
            if (composite[i]) continue;
            count++;
            for (long j = (long)i * i; j <= limit; j += i) composite[j] = true;
        }
        return count;
    }

    /// Poll at the top of each loop body (empty stack), slow path = one non-inlined call, save = one non-inlined call.
    public static int SieveHeadCalls(int limit)
    {
        var composite = new bool[limit + 1];
        var count = 0;
        for (var i = 2; i <= limit; i++)
        {
            if (Volatile.Read(ref CaptureGate.Active) != 0 && Slow.Poll()) return Slow.Save("SieveHeadCalls", 0, composite, count, i, 0L);
            if (composite[i]) continue;
            count++;
            for (long j = (long)i * i; j <= limit; j += i)
            {
                if (Volatile.Read(ref CaptureGate.Active) != 0 && Slow.Poll()) return Slow.Save("SieveHeadCalls", 1, composite, count, i, j);
                composite[j] = true;
            }
        }
        return count;
    }

    /// Same place, but the runtime calls as the weaver emits them today (IsCapturing inlined, save block inline).
    public static int SieveHeadInline(int limit)
    {
        var composite = new bool[limit + 1];
        var count = 0;
        for (var i = 2; i <= limit; i++)
        {
            if (Volatile.Read(ref CaptureGate.Active) != 0)
            {
                FrameStack.SafePoint();
                if (FrameStack.IsCapturing())
                {
                    FrameStack.Push(Frame.Create("SieveHeadInline", 0, 4).Set(0, composite).Set(1, count).Set(2, i).Set(3, limit));
                    return 0;
                }
            }
            if (composite[i]) continue;
            count++;
            for (long j = (long)i * i; j <= limit; j += i)
            {
                if (Volatile.Read(ref CaptureGate.Active) != 0)
                {
                    FrameStack.SafePoint();
                    if (FrameStack.IsCapturing())
                    {
                        FrameStack.Push(Frame.Create("SieveHeadInline", 1, 5).Set(0, composite).Set(1, count).Set(2, i).Set(3, limit).Set(4, j));
                        return 0;
                    }
                }
                composite[j] = true;
            }
        }
        return count;
    }

    /// Poll at the top of each loop body whose slow path leaves the loop for good: it hands the live values to
    /// another method (in a two-copy scheme: the fully woven copy, entered at this poll) and returns its result.
    public static int SieveHeadExit(int limit)
    {
        var composite = new bool[limit + 1];
        var count = 0;
        for (var i = 2; i <= limit; i++)
        {
            if (Volatile.Read(ref CaptureGate.Active) != 0) return Slow.Save("SieveHeadExit", 0, composite, count, i, 0L);
            if (composite[i]) continue;
            count++;
            for (long j = (long)i * i; j <= limit; j += i)
            {
                if (Volatile.Read(ref CaptureGate.Active) != 0) return Slow.Save("SieveHeadExit", 1, composite, count, i, j);
                composite[j] = true;
            }
        }
        return count;
    }

    // ---- foreach over a List of objects with a virtual call (the interpreter's Block.Exec) ----
    public abstract class Node { public abstract bool Run(int[] env); }
    public sealed class Inc(int slot) : Node { public override bool Run(int[] env) { env[slot]++; return false; } }
    public sealed class Stop(int slot) : Node { public override bool Run(int[] env) => env[slot] > 1_000_000_000; }

    public static bool BlockPlain(List<Node> body, int[] env)
    {
        foreach (var s in body)
            if (s.Run(env)) return true;
        return false;
    }

    /// foreach with a check after the call (non-inlined slow path + save), and the finally body guarded the way woven code does.
    public static bool BlockChecked(List<Node> body, int[] env)
    {
        var e = body.GetEnumerator();
        try
        {
            while (e.MoveNext())
            {
                var r = e.Current.Run(env);
                if (Volatile.Read(ref CaptureGate.Active) != 0 && Slow.Capturing()) { Slow.SaveObj("BlockChecked", 0, e, env); return false; }
                if (r) return true;
            }
        }
        finally
        {
            if (!(Volatile.Read(ref CaptureGate.Active) != 0 && Slow.Capturing())) e.Dispose();
        }
        return false;
    }

    /// Check after the call whose slow path leaves the loop for good (hand-over), plain finally.
    public static bool BlockExit(List<Node> body, int[] env)
    {
        foreach (var s in body)
        {
            var r = s.Run(env);
            if (Volatile.Read(ref CaptureGate.Active) != 0) return Slow.Handover("BlockExit", 0, s, env, r);
            if (r) return true;
        }
        return false;
    }

    /// Same, but the finally is the plain one (only the call-site check added).
    public static bool BlockCheckedPlainFinally(List<Node> body, int[] env)
    {
        foreach (var s in body)
        {
            var r = s.Run(env);
            if (Volatile.Read(ref CaptureGate.Active) != 0 && Slow.Capturing()) { Slow.SaveObj("BlockCheckedPlainFinally", 0, s, env); return false; }
            if (r) return true;
        }
        return false;
    }
}

internal static class Slow
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Poll()
    {
        FrameStack.SafePoint();
        return FrameStack.IsCapturing();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Capturing() => FrameStack.IsCapturing();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Save(string m, int k, bool[] a, int count, int i, long j)
    {
        FrameStack.Push(Frame.Create(m, k, 4).Set(0, a).Set(1, count).Set(2, i).Set(3, j));
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Handover(string m, int k, object a, object b, bool r)
    {
        if (FrameStack.IsCapturing()) FrameStack.Push(Frame.Create(m, k, 2).Set(0, a).Set(1, b));
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SaveObj(string m, int k, object a, object b) => FrameStack.Push(Frame.Create(m, k, 2).Set(0, a).Set(1, b));
}


public static class ShapeBench
{
    public static void Run(TextWriter output)
    {
        var body = new List<Shapes.Node>();
        for (var i = 0; i < 8; i++) body.Add(i % 4 == 3 ? new Shapes.Stop(i) : new Shapes.Inc(i));
        var env = new int[8];
        long Blocks(Func<List<Shapes.Node>, int[], bool> f)
        {
            long n = 0;
            for (var k = 0; k < 200_000; k++) n += f(body, env) ? 1 : 0;
            return n;
        }
        var cases = new (string Name, Func<long> Run)[]
        {
            ("sieve(2M): plain", () => Shapes.SievePlain(2_000_000)),
            ("sieve: poll at loop-body top, slow path call + save call in the loop", () => Shapes.SieveHeadCalls(2_000_000)),
            ("sieve: poll at loop-body top, runtime calls + save inline (today's calls)", () => Shapes.SieveHeadInline(2_000_000)),
            ("sieve: poll at loop-body top, slow path leaves the loop (hand-over)", () => Shapes.SieveHeadExit(2_000_000)),
            ("foreach + virtual call ×200k: plain", () => Blocks(Shapes.BlockPlain)),
            ("foreach: check after call, finally guarded (today's shape)", () => Blocks(Shapes.BlockChecked)),
            ("foreach: check after call, plain finally", () => Blocks(Shapes.BlockCheckedPlainFinally)),
            ("foreach: check after call leaves the loop (hand-over), plain finally", () => Blocks(Shapes.BlockExit)),
        };
        var best = cases.ToDictionary(c => c.Name, _ => double.MaxValue);
        // Interleaved rounds; the best time of each (tier 1 after the first rounds).
        for (var round = 0; round < 150; round++)
        {
            foreach (var (name, f) in cases)
            {
                var t = Stopwatch.GetTimestamp();
                f();
                best[name] = Math.Min(best[name], Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            if (round % 25 == 24) Thread.Sleep(200);
        }
        output.WriteLine("| shape | best ms | ÷ plain |");
        output.WriteLine("|---|---:|---:|");
        foreach (var (name, _) in cases)
        {
            var plain = name.StartsWith("sieve", StringComparison.Ordinal) ? best[cases[0].Name] : best[cases[4].Name];
            output.WriteLine($"| {name} | {best[name]:F2} | {best[name] / plain:F2}× |");
        }
    }
}
