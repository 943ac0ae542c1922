// BigInteger values that grow across safe points.
using System.Numerics;

namespace BigIntegerMath;

internal static class Program
{
    private static int Main()
    {
        BigInteger fact = BigInteger.One;
        for (int i = 1; i <= 60; i++)
        {
            fact *= i;
            if (i % 20 == 0) Console.WriteLine($"{i}! = {fact}");
        }

        BigInteger a = 0, b = 1;
        for (int i = 0; i < 100; i++) (a, b) = (b, a + b);
        Console.WriteLine($"fib(100) = {a}");

        BigInteger m = BigInteger.Parse("1000000000000000000000007");
        BigInteger p = BigInteger.ModPow(3, 1000, m);
        BigInteger neg = -fact / 7;
        Console.WriteLine($"3^1000 mod m = {p} neg={neg.Sign} bits={fact.GetBitLength()}");

        BigInteger g = BigInteger.GreatestCommonDivisor(fact, a);
        Console.WriteLine($"gcd(60!, fib100) = {g}");

        BigInteger check = 1;
        for (int i = 60; i >= 1; i--) check *= i;
        if (check != fact) return Fail(11, "factorial");
        BigInteger x = 0, y = 1;
        for (int i = 0; i < 100; i++) { BigInteger t = x + y; x = y; y = t; }
        if (x != a) return Fail(12, "fib");
        if (BigInteger.ModPow(3, 1000, m) != p) return Fail(13, "modpow");
        if (fact % g != 0 || a % g != 0) return Fail(14, "gcd");
        if (neg * 7 + fact >= 7 || neg.Sign != -1) return Fail(15, "neg");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
