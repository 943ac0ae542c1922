// Console output heavy: the transcript before the checkpoint plus the one after must be exact.
namespace ConsoleHeavy;

internal static class Program
{
    private static long Mix(int i)
    {
        long h = i;
        for (int k = 0; k < 3; k++) h = (h * 2654435761L + k) % 1_000_003;
        return h;
    }

    private static int Main()
    {
        long checksum = 0;
        for (int i = 0; i < 1000; i++)
        {
            long m = Mix(i);
            checksum = (checksum * 31 + m) % 1_000_000_007L;
            switch (i % 5)
            {
                case 0: Console.WriteLine($"line {i}: mix={m}"); break;
                case 1: Console.WriteLine("line {0}: {1} {2}", i, m % 97, checksum % 1000); break;
                case 2: Console.Write("line "); Console.Write(i); Console.Write(": partial "); Console.WriteLine(m % 13); break;
                case 3: Console.Out.WriteLine(string.Concat("line ", i.ToString(), ": out")); break;
                default: Console.WriteLine(i); break;
            }
        }

        // Partial lines whose pieces are separated by loops (safe points).
        for (int row = 0; row < 40; row++)
        {
            Console.Write($"row {row,3} |");
            for (int col = 0; col < 8; col++)
            {
                Console.Write((row * col % 10).ToString().PadLeft(3));
            }
            Console.WriteLine(" |");
        }

        for (int i = 0; i < 500; i++)
        {
            Console.WriteLine(new string((char)('a' + i % 26), 1 + i % 60));
        }
        char[] chars = "char array line".ToCharArray();
        Console.WriteLine(chars);
        Console.WriteLine(true);
        Console.WriteLine(3.25);
        Console.WriteLine(12345678901234L);
        Console.WriteLine($"checksum={checksum}");

        long check = 0;
        for (int i = 0; i < 1000; i++) check = (check * 31 + Mix(i)) % 1_000_000_007L;
        if (check != checksum) return Fail(11, "checksum");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
