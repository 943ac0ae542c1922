// Large arrays: several megabytes of live heap in the image.
namespace LargeArrays;

internal static class Program
{
    private static int Main()
    {
        var ints = new int[500_000];
        var doubles = new double[250_000];
        var bytes = new byte[1_000_000];
        var longs = new long[100_000];
        var strings = new string[20_000];

        for (int i = 0; i < ints.Length; i++) ints[i] = i * 7 % 1013;
        Console.WriteLine("ints filled");
        for (int i = 0; i < doubles.Length; i++) doubles[i] = i * 0.5 - 3;
        Console.WriteLine("doubles filled");
        new Random(99).NextBytes(bytes);
        Console.WriteLine("bytes filled");
        for (int i = 0; i < longs.Length; i++) longs[i] = (long)i * i;
        for (int i = 0; i < strings.Length; i++) strings[i] = (i % 100 == 0) ? "hundred" : "s" + (i % 977);
        Console.WriteLine("longs and strings filled");

        long intSum = 0;
        for (int i = 0; i < ints.Length; i += 1) intSum += ints[i];
        double dSum = 0;
        for (int i = 0; i < doubles.Length; i++) dSum += doubles[i];
        long byteSum = 0;
        foreach (byte b in bytes) byteSum += b;
        long longXor = 0;
        for (int i = 0; i < longs.Length; i++) longXor ^= longs[i];
        int hundreds = 0, totalChars = 0;
        foreach (string s in strings) { if (s == "hundred") hundreds++; totalChars += s.Length; }
        Console.WriteLine($"intSum={intSum} dSum={dSum} byteSum={byteSum} longXor={longXor} hundreds={hundreds} chars={totalChars}");

        long expectInt = 0;
        for (int i = 0; i < 500_000; i++) expectInt += i * 7 % 1013;
        if (intSum != expectInt) return Fail(11, "ints");
        double expectD = 0.5 * (250_000.0 * 249_999.0 / 2) - 3 * 250_000.0;
        if (dSum != expectD) return Fail(12, $"doubles {dSum} {expectD}");
        var again = new byte[1_000_000];
        new Random(99).NextBytes(again);
        if (!again.AsSpan().SequenceEqual(bytes)) return Fail(13, "bytes");
        if (hundreds != 200) return Fail(14, "strings");
        if (longs[99_999] != 99_999L * 99_999L) return Fail(15, "longs");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
