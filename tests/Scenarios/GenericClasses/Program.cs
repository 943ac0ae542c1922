// Generic classes: instance methods of generic types (shared code for reference types),
// per-instantiation statics, generic structs, nested generic types.
using System.Numerics;

namespace GenericClasses;

internal static class InstanceCounter<T>
{
    public static int Created;
}

internal sealed class Ring<T>
{
    private readonly T[] _items;
    private int _head;
    private int _count;

    public Ring(int capacity)
    {
        _items = new T[capacity];
        InstanceCounter<T>.Created++;
    }

    public int Count => _count;

    public void Push(T item)
    {
        _items[(_head + _count) % _items.Length] = item;
        if (_count < _items.Length) _count++;
        else _head = (_head + 1) % _items.Length;
    }

    public List<T> Snapshot()
    {
        var list = new List<T>();
        for (int i = 0; i < _count; i++) list.Add(_items[(_head + i) % _items.Length]);
        return list;
    }
}

internal sealed class Bst<TKey, TValue> where TKey : IComparable<TKey>
{
    private sealed class Node
    {
        public Node(TKey key, TValue value) { Key = key; Value = value; }
        public TKey Key;
        public TValue Value;
        public Node? Left, Right;
    }

    private Node? _root;
    public int Count { get; private set; }

    public void Add(TKey key, TValue value) => _root = Insert(_root, key, value);

    private Node Insert(Node? n, TKey key, TValue value)
    {
        if (n is null) { Count++; return new Node(key, value); }
        int c = key.CompareTo(n.Key);
        if (c < 0) n.Left = Insert(n.Left, key, value);
        else if (c > 0) n.Right = Insert(n.Right, key, value);
        else n.Value = value;
        return n;
    }

    public void InOrder(List<string> into) => Walk(_root, into);

    private void Walk(Node? n, List<string> into)
    {
        if (n is null) return;
        Walk(n.Left, into);
        into.Add($"{n.Key}={n.Value}");
        Walk(n.Right, into);
    }
}

internal struct Accumulator<T> where T : INumber<T>
{
    public T Total;
    public int Samples;
    public void Add(T v) { Total += v; Samples++; }
}

internal sealed class Outer<T>
{
    public sealed class Inner<U>
    {
        public T? First;
        public U? Second;
        public override string ToString() => $"<{First},{Second}>";
    }
}

internal static class Program
{
    private static int Main()
    {
        var ints = new Ring<int>(5);
        var strings = new Ring<string>(4);
        var pairs = new Ring<(int, string)>(3);
        for (int i = 0; i < 12; i++)
        {
            ints.Push(i * i);
            strings.Push("s" + i);
            pairs.Push((i, "p" + i));
        }
        Console.WriteLine($"ring ints {string.Join(',', ints.Snapshot())}");
        Console.WriteLine($"ring strings {string.Join(',', strings.Snapshot())}");
        Console.WriteLine($"ring pairs {string.Join(',', pairs.Snapshot())}");
        _ = new Ring<int>(1);
        Console.WriteLine($"created int={InstanceCounter<int>.Created} string={InstanceCounter<string>.Created} pair={InstanceCounter<(int, string)>.Created}");

        var tree = new Bst<int, string>();
        var wordTree = new Bst<string, int>();
        int k = 7;
        for (int i = 0; i < 20; i++)
        {
            k = (k * 13 + 5) % 31;
            tree.Add(k, "v" + i);
            wordTree.Add("w" + (k % 9), i);
        }
        var walked = new List<string>();
        tree.InOrder(walked);
        Console.WriteLine($"bst count={tree.Count} {string.Join(' ', walked)}");
        var words = new List<string>();
        wordTree.InOrder(words);
        Console.WriteLine($"bst words count={wordTree.Count} {string.Join(' ', words)}");

        var accD = new Accumulator<double>();
        var accL = new Accumulator<long>();
        for (int i = 1; i <= 16; i++)
        {
            accD.Add(i / 8.0);
            accL.Add(i * 1_000_000_000L);
        }
        Console.WriteLine($"acc double {accD.Total}/{accD.Samples} long {accL.Total}/{accL.Samples}");

        var inner = new Outer<int>.Inner<string> { First = 3, Second = "three" };
        var inner2 = new Outer<string>.Inner<double> { First = "pi", Second = 3.25 };
        Console.WriteLine($"nested {inner} {inner2}");

        if (string.Join(',', ints.Snapshot()) != "49,64,81,100,121") return Fail(11, "ring ints");
        if (string.Join(',', strings.Snapshot()) != "s8,s9,s10,s11") return Fail(12, "ring strings");
        if (InstanceCounter<int>.Created != 2 || InstanceCounter<string>.Created != 1) return Fail(13, "statics");
        if (walked.Count != tree.Count) return Fail(14, "walk");
        for (int i = 1; i < walked.Count; i++)
            if (int.Parse(walked[i - 1].Split('=')[0]) >= int.Parse(walked[i].Split('=')[0])) return Fail(15, "order");
        if (accD.Total != 17.0 || accL.Total != 136_000_000_000L || accL.Samples != 16) return Fail(16, "acc");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
