// Arrays of every shape live across loops.
namespace ArraysJaggedMulti;

internal struct Pixel
{
    public byte R, G, B;
}

internal static class Program
{
    private static int Main()
    {
        int[][] pascal = new int[12][];
        for (int row = 0; row < pascal.Length; row++)
        {
            pascal[row] = new int[row + 1];
            pascal[row][0] = pascal[row][row] = 1;
            for (int k = 1; k < row; k++) pascal[row][k] = pascal[row - 1][k - 1] + pascal[row - 1][k];
        }
        Console.WriteLine("pascal[11] " + string.Join(',', pascal[11]));

        int[,] a = new int[4, 3];
        int[,] b = new int[3, 5];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) a[i, j] = i + j;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) b[i, j] = i * j - 1;
        int[,] c = Multiply(a, b);
        Console.WriteLine($"c dims {c.GetLength(0)}x{c.GetLength(1)} c[3,4]={c[3, 4]} c[0,0]={c[0, 0]}");

        double[,,] cube = new double[3, 4, 2];
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 4; y++)
                for (int z = 0; z < 2; z++)
                    cube[x, y, z] = x * 0.5 + y * 0.25 - z;
        double cubeSum = 0;
        foreach (double d in cube) cubeSum += d;
        Console.WriteLine($"cube rank={cube.Rank} length={cube.Length} sum={cubeSum}");

        string[][] words = { new[] { "a", "bb" }, Array.Empty<string>(), new[] { "ccc", "dddd", "e" } };
        int letters = 0;
        foreach (string[] group in words) foreach (string w in group) letters += w.Length;
        Console.WriteLine($"words letters={letters}");

        Pixel[][] image = new Pixel[3][];
        for (int r = 0; r < 3; r++)
        {
            image[r] = new Pixel[4];
            for (int col = 0; col < 4; col++) image[r][col] = new Pixel { R = (byte)(r * 40), G = (byte)(col * 60), B = (byte)(r + col) };
        }
        int brightness = 0;
        foreach (Pixel[] row in image) foreach (Pixel p in row) brightness += p.R + p.G + p.B;
        Console.WriteLine($"image brightness={brightness}");

        char[,] board = new char[3, 3];
        for (int i = 0; i < 9; i++) board[i / 3, i % 3] = i % 2 == 0 ? 'X' : 'O';
        Console.WriteLine($"board diag={board[0, 0]}{board[1, 1]}{board[2, 2]}");

        object[] covariant = new string[] { "x", "y" };
        int[] grown = { 1, 2, 3 };
        for (int i = 0; i < 4; i++)
        {
            Array.Resize(ref grown, grown.Length * 2);
            Array.Copy(grown, 0, grown, grown.Length / 2, grown.Length / 2);
        }
        Console.WriteLine($"covariant type={covariant.GetType().Name} grown length={grown.Length} sum={Sum(grown)}");

        if (pascal[11][5] != 462) return Fail(11, "pascal");
        if (c[3, 4] != 3 * (-1) + 4 * 3 + 5 * 7 || c[0, 0] != -3) return Fail(12, $"matrix {c[3, 4]}");
        if (Math.Abs(cubeSum - 9.0) > 1e-9) return Fail(13, $"cube {cubeSum}");
        if (letters != 11) return Fail(14, "words");
        if (brightness != 4 * (0 + 40 + 80) + 3 * (0 + 60 + 120 + 180) + 3 * 6 + 4 * 3) return Fail(15, $"brightness {brightness}");
        if (board[1, 1] != 'X' || board[0, 1] != 'O') return Fail(16, "board");
        if (grown.Length != 48 || Sum(grown) != 6 * 16) return Fail(17, "grown");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int[,] Multiply(int[,] x, int[,] y)
    {
        var r = new int[x.GetLength(0), y.GetLength(1)];
        for (int i = 0; i < x.GetLength(0); i++)
            for (int j = 0; j < y.GetLength(1); j++)
            {
                int s = 0;
                for (int k = 0; k < x.GetLength(1); k++) s += x[i, k] * y[k, j];
                r[i, j] = s;
            }
        return r;
    }

    private static int Sum(int[] v)
    {
        int s = 0;
        foreach (int x in v) s += x;
        return s;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
