// Shared references: one object, many paths. After restore they must still be one object.
namespace SharedReferences;

internal sealed class Cell
{
    public int Value;
    public string Label = "";
}

internal sealed class Holder
{
    public Cell? Ref;
    public int[]? Numbers;
}

internal static class Program
{
    private static Cell? s_static;

    private static void Touch(Holder h, int i)
    {
        h.Ref!.Value += i;
        h.Numbers![i % h.Numbers.Length] += 1;
    }

    private static int Main()
    {
        var shared = new Cell { Label = "shared" };
        int[] numbers = new int[5];
        string text = string.Concat("dyn", 42.ToString()); // a non-literal string, shared below
        var arr = new object[] { shared, numbers, text };
        var list = new List<Cell> { shared, new Cell { Label = "other" }, shared };
        var dict = new Dictionary<string, Cell> { ["a"] = shared, ["b"] = list[1] };
        var holder = new Holder { Ref = shared, Numbers = numbers };
        var holder2 = new Holder { Ref = shared, Numbers = numbers };
        s_static = shared;
        var texts = new List<string> { text, text };

        for (int i = 0; i < 30; i++)
        {
            Touch(i % 2 == 0 ? holder : holder2, i);
            if (i % 10 == 9) Console.WriteLine($"i={i} via dict={dict["a"].Value} via static={s_static.Value} numbers={string.Join(',', numbers)}");
        }
        list[1].Value = 7;

        Console.WriteLine($"list[0]={list[0].Value} list[2]={list[2].Value} arr={((Cell)arr[0]).Value} dict b={dict["b"].Value}");
        bool same = ReferenceEquals(arr[0], list[0]) && ReferenceEquals(list[0], list[2]) && ReferenceEquals(list[2], dict["a"])
                    && ReferenceEquals(dict["a"], holder.Ref) && ReferenceEquals(holder.Ref, holder2.Ref) && ReferenceEquals(holder2.Ref, s_static);
        bool sameArray = ReferenceEquals(arr[1], holder.Numbers) && ReferenceEquals(holder.Numbers, holder2.Numbers);
        bool sameString = ReferenceEquals(arr[2], texts[0]) && ReferenceEquals(texts[0], texts[1]);
        bool distinct = !ReferenceEquals(list[1], shared);
        Console.WriteLine($"same={same} sameArray={sameArray} sameString={sameString} distinct={distinct}");

        if (shared.Value != 435) return Fail(11, $"value {shared.Value}");
        if (!same) return Fail(12, "cell identity");
        if (!sameArray) return Fail(13, "array identity");
        if (!sameString) return Fail(14, "string identity");
        if (!distinct || dict["b"].Value != 7) return Fail(15, "distinct");
        if (numbers[0] + numbers[1] + numbers[2] + numbers[3] + numbers[4] != 30) return Fail(16, "numbers");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
