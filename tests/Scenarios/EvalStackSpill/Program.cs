// Call sites whose evaluation stack is not empty: the weaver must spill and reload it.
namespace EvalStackSpill;

internal sealed class Box
{
    public int Field;
    public long Wide;
    public Box? Inner;
    public List<int> Items { get; } = new();
    public Box(int a, int b) { Field = a; Wide = b; }
}

internal struct Pair
{
    public int A;
}

internal static class Program
{
    private static int s_calls;

    private static int F(int x)
    {
        int r = 0;
        for (int i = 0; i < 1 + (x & 1); i++) r += x + i;
        s_calls++;
        return r;
    }

    private static int G(int a, int b, int c) { s_calls++; return a * 100 + b * 10 + c; }
    private static string S(int x) { s_calls++; return "<" + F(x) + ">"; }
    private static Box? MaybeBox(int i) => i % 2 == 0 ? new Box(F(i), i) : null;

    private static int Main()
    {
        long acc = 0;
        int[] arr = new int[6];
        var box = new Box(F(1), F(2)) { Inner = new Box(F(3), 0) { Field = F(4) } };
        var pair = new Pair();
        for (int i = 0; i < 6; i++)
        {
            acc += 1000 * i + F(i) * F(i + 1) - G(F(i), i, F(2));      // nested args, values under the call
            acc += F(i % 2 == 0 ? F(i) : i + 1);                         // branch join at the call's argument
            arr[i % 6] += F(i);                                           // byref (ldelema) under the call
            box.Field += F(i);                                            // object ref + field value under the call
            box.Wide = box.Wide * 3 + F(i) - (long)F(i + 2);
            pair.A += F(i);                                               // address of a struct local under the call
            ref int slot = ref arr[(i + 1) % 6];                          // ref local live across a call
            slot += F(1);
            acc += (MaybeBox(i)?.Field ?? F(i + 7)) + (MaybeBox(i + 1)?.Inner?.Field ?? -1);
        }
        Console.WriteLine($"acc={acc} arr={string.Join(',', arr)} field={box.Field} wide={box.Wide} pair.A={pair.A}");

        var list = new List<int> { F(1), F(2), F(3) };                    // collection initializer
        int[] initialized = { F(4), F(5), F(6), G(1, F(1), 3) };          // array initializer
        box.Items.AddRange(new[] { F(7), F(8) });
        string text = S(1) + "," + S(2) + "," + string.Concat(S(3), S(4)) + $"[{F(5)}|{S(6)}]";
        var nested = new Box(G(F(1), F(2), F(3)), F(4)) { Field = F(5) + F(6) };
        Console.WriteLine($"list={string.Join(',', list)} init={string.Join(',', initialized)} items={string.Join(',', box.Items)}");
        Console.WriteLine($"text={text} nested={nested.Field}/{nested.Wide} calls={s_calls}");

        // Recompute with no calls under a non-empty stack.
        int Fx(int x) { int r = 0; for (int i = 0; i < 1 + (x & 1); i++) r += x + i; return r; }
        long eAcc = 0;
        var eArr = new int[6];
        int eField = Fx(1);
        long eWide = Fx(2);
        int eA = 0;
        for (int i = 0; i < 6; i++)
        {
            int fi = Fx(i), fi1 = Fx(i + 1), f2 = Fx(2);
            eAcc += 1000 * i + fi * fi1 - (fi * 100 + i * 10 + f2);
            eAcc += Fx(i % 2 == 0 ? fi : i + 1);
            eArr[i % 6] += fi;
            eField += fi;
            eWide = eWide * 3 + fi - Fx(i + 2);
            eA += fi;
            eArr[(i + 1) % 6] += Fx(1);
            eAcc += (i % 2 == 0 ? fi : Fx(i + 7)) - 1;
        }
        if (acc != eAcc) return Fail(11, $"acc {acc} != {eAcc}");
        if (string.Join(',', arr) != string.Join(',', eArr)) return Fail(12, "arr");
        if (box.Field != eField || box.Wide != eWide || pair.A != eA) return Fail(13, "fields");
        if (text != $"<{Fx(1)}>,<{Fx(2)}>,<{Fx(3)}><{Fx(4)}>[{Fx(5)}|<{Fx(6)}>]") return Fail(14, "text " + text);
        if (initialized[3] != 100 + Fx(1) * 10 + 3) return Fail(15, "init");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
