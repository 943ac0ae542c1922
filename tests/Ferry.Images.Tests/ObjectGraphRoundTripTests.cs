using System.Diagnostics;
using System.Numerics;
using System.Text;
using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class ObjectGraphRoundTripTests
{
    [Fact]
    public void BoxedValuesKeepTheirTypesAndValues()
    {
        var local = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Local).AddTicks(123);
        object?[] values =
        [
            1, 2L, (short)3, (byte)4, (sbyte)-5, (ushort)6, 7u, 8ul, 1.5f, 2.25, 'x', true, null, "text", "",
            123.456m, -0.0001m, local, DateTime.SpecifyKind(new DateTime(2000, 1, 1), DateTimeKind.Utc), new DateTime(1999, 12, 31),
            new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.FromHours(-5)), TimeSpan.FromMilliseconds(1234.5), Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
            BigInteger.Parse("-123456789012345678901234567890"), BigInteger.Zero, Color.Blue, Access.Read | Access.Write,
            (Int128)(-17), (UInt128)ulong.MaxValue + 5, (Half)1.5, new DateOnly(2021, 3, 4), new TimeOnly(13, 14, 15),
            (nint)(-3), (nuint)9, DayOfWeek.Friday,
        ];
        var copy = Copy(values);
        Assert.Equal(values.Length, copy.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i]?.GetType(), copy[i]?.GetType());
            Assert.Equal(values[i], copy[i]);
        }
        Assert.Equal(DateTimeKind.Local, ((DateTime)copy[17]!).Kind);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)copy[18]!).Kind);
        Assert.Equal(TimeSpan.FromHours(-5), ((DateTimeOffset)copy[20]!).Offset);
    }

    [Fact]
    public void ClassesKeepPrivateBaseAndReadonlyFieldsAndInlineStructs()
    {
        var friend = new Animal("cat", 4);
        var dog = new Dog("rex", new Point { X = 3, Y = -4, Label = "yard" })
        {
            Friend = friend, Collar = Color.Green, Age = 7, Born = new DateTime(2019, 1, 2, 0, 0, 0, DateTimeKind.Utc), Tag = (5, "five"),
        };
        var copy = Copy(dog);
        Assert.Equal("rex", copy.Name);
        Assert.Equal(4, copy.LegCount);
        Assert.Equal(3, copy.Home.X);
        Assert.Equal(-4, copy.Home.Y);
        Assert.Equal("yard", copy.Home.Label);
        Assert.Equal("cat", copy.Friend!.Name);
        Assert.Equal(Color.Green, copy.Collar);
        Assert.Equal(7, copy.Age);
        Assert.Equal(dog.Born, copy.Born);
        Assert.Equal((5, "five"), copy.Tag);
        Assert.Null(Copy(new Dog("x", default)).Age);
    }

    [Fact]
    public void CyclesAndSharedReferencesSurvive()
    {
        var a = new Node { Value = 1 };
        var b = new Node { Value = 2, Next = a };
        a.Next = b;
        a.Children.Add(b);
        a.Children.Add(a);
        var root = new object[] { a, b, a };
        var copy = Copy(root);
        var ca = (Node)copy[0];
        var cb = (Node)copy[1];
        Assert.Same(ca, copy[2]);
        Assert.Same(cb, ca.Next);
        Assert.Same(ca, cb.Next);
        Assert.Same(cb, ca.Children[0]);
        Assert.Same(ca, ca.Children[1]);
        Assert.Equal(2, cb.Value);
    }

    [Fact]
    public void RootsShareOneObjectTable()
    {
        var shared = new Node { Value = 42 };
        var s = new ObjectGraphSerializer(Allowlist());
        var bytes = Write(s, ("threads", new List<Node> { shared }), ("statics", new object[] { shared, "x" }), ("empty", null));
        var graph = Read(s, bytes);
        Assert.Same(((List<Node>)graph["threads"]!)[0], ((object[])graph["statics"]!)[0]);
        Assert.Null(graph["empty"]);
        Assert.Equal(["threads", "statics", "empty"], graph.Roots.Keys);
        using var r = ImageReader.Open(new MemoryStream(bytes));
        Assert.Equal(["threads", "statics", "empty", "graph"], r.Sections.Select(x => x.Name));
    }

    [Fact]
    public void BoxedIntStaysBoxedAndIdentityIsKept()
    {
        object boxed = 5;
        var copy = Copy(new object[] { boxed, boxed, 5 });
        Assert.IsType<int>(copy[0]);
        Assert.Same(copy[0], copy[1]);
        Assert.NotSame(copy[0], copy[2]);
    }

    [Fact]
    public void ArraysOfEveryShape()
    {
        var jagged = new[] { new[] { 1, 2 }, [], new[] { 3 } };
        var md = new int[2, 3] { { 1, 2, 3 }, { 4, 5, 6 } };
        var md3 = new string?[2, 2, 2];
        md3[1, 0, 1] = "deep";
        var bounded = Array.CreateInstance(typeof(double), [3], [10]);
        bounded.SetValue(2.5, 11);
        var points = new[] { new Point { X = 1, Label = "a" }, new Point { Y = 2 } };
        var big = Enumerable.Range(0, 300_000).Select(i => i * 7L).ToArray();
        var bools = new[] { true, false, true };
        var copy = Copy(new object[] { jagged, md, md3, bounded, points, big, bools, Array.Empty<string>(), new Node?[3] });
        Assert.Equal(jagged, (int[][])copy[0]);
        Assert.Equal(md, (int[,])copy[1]);
        Assert.Equal("deep", ((string?[,,])copy[2])[1, 0, 1]);
        var b = (Array)copy[3];
        Assert.Equal(10, b.GetLowerBound(0));
        Assert.Equal(2.5, b.GetValue(11));
        Assert.Equal("a", ((Point[])copy[4])[0].Label);
        Assert.Equal(2, ((Point[])copy[4])[1].Y);
        Assert.Equal(big, (long[])copy[5]);
        Assert.Equal(bools, (bool[])copy[6]);
        Assert.Empty((string[])copy[7]);
        Assert.Equal(3, ((Node?[])copy[8]).Length);
    }

    [Fact]
    public void ListsQueuesStacksKeepOrder()
    {
        var queue = new Queue<string>(["a", "b", "c"]);
        queue.Dequeue();
        queue.Enqueue("d");
        var stack = new Stack<int>([1, 2, 3]);
        var copy = Copy(new object[] { new List<int> { 5, 6, 7 }, new List<string?> { "x", null }, queue, stack, new List<Point> { new() { X = 9 } } });
        Assert.Equal([5, 6, 7], (List<int>)copy[0]);
        Assert.Equal(["x", null], (List<string?>)copy[1]);
        Assert.Equal(["b", "c", "d"], (Queue<string>)copy[2]);
        var s = (Stack<int>)copy[3];
        Assert.Equal(3, s.Pop());
        Assert.Equal([2, 1], s);
        Assert.Equal(9, ((List<Point>)copy[4])[0].X);
    }

    [Fact]
    public void DictionariesAreRebuiltAndWork()
    {
        var byName = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 };
        var ignoreCase = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Alpha"] = 1 };
        var custom = new Dictionary<string, string>(new LengthComparer()) { ["abc"] = "three" };
        var byKey = new Dictionary<Key, string> { [new Key("k", 1)] = "v1", [new Key("k", 2)] = "v2" };
        var byObject = new Dictionary<object, int>();
        var o = new Node();
        byObject[o] = 5;
        var copy = Copy(new object[] { byName, ignoreCase, custom, byKey, byObject, o });
        var n = (Dictionary<string, int>)copy[0];
        Assert.Equal(2, n["two"]);
        Assert.Equal(["one", "two"], n.Keys);
        var ic = (Dictionary<string, int>)copy[1];
        Assert.Equal(1, ic["ALPHA"]);
        Assert.Same(StringComparer.OrdinalIgnoreCase, ic.Comparer);
        var c = (Dictionary<string, string>)copy[2];
        Assert.IsType<LengthComparer>(c.Comparer);
        Assert.Equal("three", c["xyz"]);
        Assert.Equal("v2", ((Dictionary<Key, string>)copy[3])[new Key("k", 2)]);
        Assert.Equal(5, ((Dictionary<object, int>)copy[4])[copy[5]]);
        Assert.Same(EqualityComparer<string>.Default, n.Comparer);
    }

    [Fact]
    public void SetsAndSortedCollectionsAreRebuilt()
    {
        var set = new HashSet<string> { "a", "b" };
        var sorted = new SortedDictionary<string, int>(new LengthComparer()) { ["ccc"] = 3, ["a"] = 1 };
        var sortedList = new SortedList<int, string> { [3] = "c", [1] = "a" };
        var sortedSet = new SortedSet<int>(Comparer<int>.Create((x, y) => y.CompareTo(x))) { 1, 5, 3 };
        var plainSorted = new SortedSet<string> { "z", "y" };
        var copy = Copy(new object[] { set, sorted, sortedList, plainSorted });
        Assert.Contains("b", (HashSet<string>)copy[0]);
        Assert.Equal(["a", "ccc"], ((SortedDictionary<string, int>)copy[1]).Keys);
        Assert.Equal([1, 3], ((SortedList<int, string>)copy[2]).Keys);
        Assert.Equal(["y", "z"], (SortedSet<string>)copy[3]);
        // A comparer made by Comparer.Create wraps a framework delegate target: it is refused, with its path.
        var ex = Assert.Throws<ImageWriteException>(() => Copy(new object[] { sortedSet }));
        Assert.Contains("root", ex.Message);
    }

    [Fact]
    public void LinkedListNodesKeepIdentity()
    {
        var list = new LinkedList<string>(["a", "b", "c"]);
        var middle = list.Find("b")!;
        var detached = new LinkedListNode<string>("alone");
        var copy = Copy(new object[] { middle, list, detached });
        var node = (LinkedListNode<string>)copy[0];
        var l = (LinkedList<string>)copy[1];
        Assert.Same(l, node.List);
        Assert.Same(node, l.First!.Next);
        Assert.Equal("c", node.Next!.Value);
        Assert.Equal(["a", "b", "c"], l);
        Assert.Null(((LinkedListNode<string>)copy[2]).List);
        Assert.Equal("alone", ((LinkedListNode<string>)copy[2]).Value);
    }

    [Fact]
    public void RandomContinuesTheSameSequence()
    {
        var seeded = new Random(1234);
        var unseeded = new Random();
        var derived = new MyRandom(99);
        for (int i = 0; i < 10; i++)
        {
            seeded.Next();
            unseeded.Next();
            derived.Next();
        }
        var copy = Copy(new object[] { seeded, unseeded, derived, Random.Shared });
        var (cs, cu, cd) = ((Random)copy[0], (Random)copy[1], (MyRandom)copy[2]);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(seeded.Next(), cs.Next());
            Assert.Equal(unseeded.NextDouble(), cu.NextDouble());
            Assert.Equal(derived.Next(1000), cd.Next(1000));
        }
        Assert.Equal(7, cd.Extra);
        Assert.Same(Random.Shared, copy[3]);
    }

    [Fact]
    public void StringBuilderAndStopwatch()
    {
        var sb = new StringBuilder("hello").Append(' ', 3).Append("world");
        var running = Stopwatch.StartNew();
        Thread.Sleep(20);
        var stopped = new Stopwatch();
        stopped.Start();
        Thread.Sleep(5);
        stopped.Stop();
        var before = running.Elapsed;
        var copy = Copy(new object[] { sb, running, stopped });
        Assert.Equal(sb.ToString(), copy[0].ToString());
        var r = (Stopwatch)copy[1];
        Assert.True(r.IsRunning);
        Assert.True(r.Elapsed >= before);
        var s = (Stopwatch)copy[2];
        Assert.False(s.IsRunning);
        Assert.InRange(s.Elapsed.Ticks, stopped.Elapsed.Ticks - 1, stopped.Elapsed.Ticks + 1);
    }

    [Fact]
    public void DelegatesInvokeCorrectly()
    {
        var counter = new Counter { Prefix = "#" };
        int captured = 10;
        Func<int, int> closure = x => x + captured;
        Func<int, int> instance = counter.Add;
        Func<int, int> stat = Counter.Twice;
        Func<string, string> generic = Counter.Echo;
        Action<int> multi = n => counter.Add(n);
        multi += n => counter.Add(n * 100);
        Func<int, string> describe = counter.Describe;
        var copy = Copy(new object[] { closure, instance, stat, generic, multi, describe, counter });
        var c = (Counter)copy[6];
        Assert.Equal(15, ((Func<int, int>)copy[0])(5));
        Assert.Equal(3, ((Func<int, int>)copy[1])(3));
        Assert.Equal(3, c.Count);
        Assert.Equal(8, ((Func<int, int>)copy[2])(4));
        Assert.Equal("hi", ((Func<string, string>)copy[3])("hi"));
        ((Action<int>)copy[4])(1);
        Assert.Equal(104, c.Count);
        Assert.Equal("#5", ((Func<int, string>)copy[5])(5));
    }

    [Fact]
    public void NullableTuplesAndKeyValuePairs()
    {
        var copy = Copy(new object?[]
        {
            Tuple.Create(1, "a"), new List<int?> { 1, null }, new KeyValuePair<string, int>("k", 3),
            new List<(string, double)> { ("x", 1.5) }, new Money(9.99m, "EUR"),
        });
        Assert.Equal(Tuple.Create(1, "a"), copy[0]);
        Assert.Equal([1, null], (List<int?>)copy[1]!);
        Assert.Equal(new KeyValuePair<string, int>("k", 3), copy[2]);
        Assert.Equal(("x", 1.5), ((List<(string, double)>)copy[3]!)[0]);
        Assert.Equal(9.99m, ((Money)copy[4]!).Amount);
    }

    [Fact]
    public void SerializerIsReusableAcrossImages()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        for (int i = 0; i < 3; i++)
        {
            var graph = Read(s, Write(s, ("root", new List<Node> { new() { Value = i } })));
            Assert.Equal(i, ((List<Node>)graph["root"]!)[0].Value);
        }
    }
}
