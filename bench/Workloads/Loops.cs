namespace BenchWorkloads;

public static class Loops
{
    public static long Run()
    {
        long h = 0;

        var data = new int[1 << 20];
        for (var i = 0; i < data.Length; i++) data[i] = (i * 7919) & 1023;
        for (var pass = 0; pass < 8; pass++)
            h = Suite.Mix(h, SumArray(data) + pass);
        h = Suite.Mix(h, CountAbove(data, 500));

        h = Suite.Mix(h, (long)MatMulTrace(110));
        h = Suite.Mix(h, Sieve(2_000_000));
        h = Suite.Mix(h, PrefixSum2D(400, 400));
        return h;
    }

    private static long SumArray(int[] a)
    {
        long s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i];
        return s;
    }

    private static int CountAbove(int[] a, int threshold)
    {
        var n = 0;
        foreach (var x in a)
            if (x > threshold) n++;
        return n;
    }

    private static double MatMulTrace(int n)
    {
        var a = new double[n, n];
        var b = new double[n, n];
        var c = new double[n, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            a[i, j] = (i + j) % 10 * 0.5;
            b[i, j] = (i * j) % 7 - 3;
        }
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            double s = 0;
            for (var k = 0; k < n; k++) s += a[i, k] * b[k, j];
            c[i, j] = s;
        }
        double trace = 0;
        for (var i = 0; i < n; i++) trace += c[i, i];
        return trace;
    }

    private static int Sieve(int limit)
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

    private static long PrefixSum2D(int rows, int cols)
    {
        var p = new long[rows + 1][];
        for (var r = 0; r <= rows; r++) p[r] = new long[cols + 1];
        for (var r = 1; r <= rows; r++)
        for (var c = 1; c <= cols; c++)
            p[r][c] = (r * 31 + c * 17) % 100 + p[r - 1][c] + p[r][c - 1] - p[r - 1][c - 1];
        long h = 0;
        for (var r = 10; r <= rows; r += 10)
        for (var c = 10; c <= cols; c += 10)
            h += p[r][c] - p[r - 10][c] - p[r][c - 10] + p[r - 10][c - 10];
        return h;
    }
}
