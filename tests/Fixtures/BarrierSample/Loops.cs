namespace BarrierSample;

public sealed class Cell
{
    public int Value;
    public long Sum;
}

/// <summary>What <see cref="LoopProgram"/> writes in loops; every array and object is written by one loop shape.</summary>
public sealed class LoopState
{
    public int[] Ints = new int[40];
    public long[] Longs = new long[40];
    public char[] Chars = new char[16];
    public Cell[] Cells = new Cell[12];
    public double[,] Grid = new double[6, 6];
    public long[][] Jagged = [new long[8], new long[8], new long[8]];
    public int[] Early = new int[20];
    public int[] Returned = new int[20];
    public int[] Skipped = new int[20];
    public int[] Thrown = new int[20];
    public int[] Overrun = new int[7];
    public int[] Refs = new int[30];
    public byte[] Bytes = new byte[32];
    public Point[] Points = new Point[10];
    public Cell Totals = new();
    public string?[] Names = new string?[6];
    public List<int> Listed = new();
    public int[] Guarded = new int[4];
    public int[] First = new int[8];
    public int[] Second = new int[8];
}

/// <summary>Writes in every loop shape the barriers' loop copies must keep (tests/Ferry.Weaver.Tests/LoopBarrierTests.cs).</summary>
public static class LoopProgram
{
    public static LoopState State = new();

    /// <summary>An entry point of its own (for a run under the capture test mode): prints <see cref="Run"/>.</summary>
    public static int LoopMain(string[] args)
    {
        Console.WriteLine(Run());
        return 0;
    }

    public static LoopState New()
    {
        var s = new LoopState();
        for (int k = 0; k < s.Cells.Length; k++) s.Cells[k] = new Cell { Value = k };
        return s;
    }

    /// <summary>All steps, then a checksum of the state: woven and plain must agree, tracking on or off.</summary>
    public static long Run()
    {
        State = New();
        for (int i = 0; i < 20; i++) Step(i);
        var s = State;
        long h = s.Totals.Sum + s.Totals.Value + s.Listed.Count;
        foreach (var a in new[] { s.Ints, s.Early, s.Returned, s.Skipped, s.Thrown, s.Overrun, s.Refs, s.Guarded, s.First, s.Second })
            foreach (var x in a) h = h * 31 + x;
        foreach (var x in s.Longs) h = h * 31 + x;
        foreach (var c in s.Chars) h = h * 31 + c;
        foreach (var c in s.Cells) h = h * 31 + c.Value + c.Sum;
        foreach (var g in s.Grid) h = h * 31 + (long)g;
        foreach (var row in s.Jagged) foreach (var x in row) h = h * 31 + x;
        foreach (var b in s.Bytes) h = h * 31 + b;
        foreach (var p in s.Points) h = h * 31 + p.X + p.Y;
        foreach (var n in s.Names) h = h * 31 + (n?.Length ?? 0);
        return h;
    }

    public static void Step(int i)
    {
        var s = State;
        for (int k = 0; k < s.Ints.Length; k++) s.Ints[k] = k * i + 1;                  // for, stelem
        int w = 0;
        while (w < s.Longs.Length)                                                      // while
        {
            s.Longs[w] += i + w;
            w += 2 + i % 2;
        }
        int d = s.Chars.Length;
        do                                                                              // do-while
        {
            d--;
            s.Chars[d] = (char)('a' + (i + d) % 26);
        } while (d > i % 4);
        foreach (var c in s.Cells)                                                      // foreach, stfld
        {
            c.Value += i;
            c.Sum += c.Value;
        }
        for (int r = 0; r < 6; r++)                                                     // nested, a [,] array's Set
        for (int c = 0; c < 6; c++)
            s.Grid[r, c] = r * c + i * 0.5;
        for (int r = 0; r < s.Jagged.Length; r++)                                       // nested, jagged: the row is not a local
        for (int c = 1; c < s.Jagged[r].Length; c++)
            s.Jagged[r][c] = s.Jagged[r][c - 1] + r + i;
        for (int k = 0; k < s.Early.Length; k++)                                        // break
        {
            s.Early[k] = i * 100 + k;
            if (k == i % s.Early.Length) break;
        }
        FillUntil(s.Returned, i);                                                       // return from inside the loop
        for (int k = 0; k < s.Skipped.Length; k++)                                      // continue
        {
            if ((k + i) % 3 == 0) continue;
            s.Skipped[k] = i + k;
        }
        try
        {
            FillThenThrow(s.Thrown, i);                                                 // an exception out of the loop
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            for (int k = 0; ; k++) s.Overrun[k] += i + 1;                               // left by IndexOutOfRange
        }
        catch (IndexOutOfRangeException)
        {
        }
        for (int k = i % 3; k < s.Refs.Length; k += 3)                                  // ref locals
        {
            ref int r = ref s.Refs[k];
            r += i;
        }
        Span<byte> span = s.Bytes;                                                      // a span over an array
        for (int k = 0; k < span.Length; k++) span[k] = (byte)(k ^ i);
        for (int k = 0; k < s.Points.Length; k++)                                       // struct array: stelem, ldelema
        {
            if ((k + i) % 2 == 0) s.Points[k] = new Point { X = k, Y = i };
            else s.Points[k].Y += i;
        }
        for (int k = 0; k < 10; k++) s.Totals.Sum += k * i;                             // a field
        for (int k = 0; k < s.Names.Length; k++) s.Names[k] = "n" + (i + k);            // references
        for (int k = 0; k < 3; k++) s.Listed.Add(i * 3 + k);                            // a framework call
        for (int k = 0; k < s.Guarded.Length; k++)                                      // a try inside the loop
        {
            try
            {
                s.Guarded[k] += k + i;
            }
            finally
            {
                s.Totals.Value++;
            }
        }
        int[] target = s.First;                                                         // the target changes mid-loop
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = i * 10 + k;
            if (k == i % 8) target = s.Second;
        }
    }

    private static void FillUntil(int[] a, int i)
    {
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = i - k;
            if (k == (i * 7) % a.Length) return;
        }
    }

    private static void FillThenThrow(int[] a, int i)
    {
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = i + k;
            if (k == 3 + i % 5) throw new InvalidOperationException("out of the loop");
        }
    }
}

/// <summary>A loop that keeps writing until told to stop: tracking is switched on while it runs (LoopBarrierTests).</summary>
public static class Spinner
{
    public sealed class SpinState
    {
        public long[] Values = new long[500];
        public Point[] Points = new Point[16];
        public Cell Counter = new();
        public long[][] Rows = [new long[50], new long[50]];
    }

    public static SpinState State = new();
    public static volatile bool StopRequested;
    public static long Iterations;

    public static SpinState New() => new();

    public static void Run()
    {
        var s = State;
        long n = 0;
        while (!StopRequested)
        {
            for (int k = 0; k < s.Values.Length; k++) s.Values[k] = n + k;
            s.Points[(int)(n % s.Points.Length)].X = (int)n;
            s.Counter.Sum = n;
            for (int r = 0; r < s.Rows.Length; r++)
            for (int c = 0; c < s.Rows[r].Length; c++)
                s.Rows[r][c] = n * 2 + c;
            n++;
            Interlocked.Exchange(ref Iterations, n);
        }
    }
}
