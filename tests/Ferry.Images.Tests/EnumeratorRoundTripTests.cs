using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

/// <summary>Enumerators held across a checkpoint continue exactly where they were, against an in-process twin.</summary>
public class EnumeratorRoundTripTests
{
    private static readonly int[] Items = [5, 3, 9, 1, 7, 2];

    [Fact]
    public void ListEnumerator() => Continues<List<int>, List<int>.Enumerator, int>(() => [.. Items], c => c.GetEnumerator(), c => c.Add(0));

    [Fact]
    public void QueueEnumeratorWithAWrappedHead()
    {
        Continues<Queue<int>, Queue<int>.Enumerator, int>(() =>
        {
            var q = new Queue<int>(8);
            foreach (int i in Items) q.Enqueue(i);
            q.Dequeue();
            q.Dequeue();
            q.Enqueue(10);
            q.Enqueue(11);
            q.Enqueue(12); // wraps around the end of the array
            return q;
        }, c => c.GetEnumerator(), c => c.Enqueue(0));
    }

    [Fact]
    public void StackEnumerator() => Continues<Stack<int>, Stack<int>.Enumerator, int>(() => new Stack<int>(Items), c => c.GetEnumerator(), c => c.Push(0));

    [Fact]
    public void HashSetEnumeratorAfterRemovals()
    {
        Continues<HashSet<string>, HashSet<string>.Enumerator, string>(() =>
        {
            var s = new HashSet<string>(Items.Select(i => "k" + i));
            s.Remove("k9");
            s.Add("k40");
            return s;
        }, c => c.GetEnumerator(), c => c.Add("new"));
    }

    [Fact]
    public void LinkedListEnumerator() => Continues<LinkedList<string>, LinkedList<string>.Enumerator, string>(() => new LinkedList<string>(Items.Select(i => "n" + i)), c => c.GetEnumerator(), c => c.AddFirst("x"));

    [Fact]
    public void DictionaryEnumerators()
    {
        static Dictionary<string, int> Make()
        {
            var d = Items.ToDictionary(i => "k" + i, i => i);
            d.Remove("k3");
            d["k30"] = 30;
            return d;
        }
        Continues<Dictionary<string, int>, Dictionary<string, int>.Enumerator, KeyValuePair<string, int>>(Make, c => c.GetEnumerator(), c => c.Add("new", 0));
        Continues<Dictionary<string, int>, Dictionary<string, int>.KeyCollection.Enumerator, string>(Make, c => c.Keys.GetEnumerator(), c => c.Add("new", 0));
        Continues<Dictionary<string, int>, Dictionary<string, int>.ValueCollection.Enumerator, int>(Make, c => c.Values.GetEnumerator(), c => c.Add("new", 0));
    }

    [Fact]
    public void BoxedEnumeratorsContinueToo()
    {
        var list = new List<int>(Items);
        IEnumerator<int> e = list.GetEnumerator();
        IEnumerator<int> twin = list.GetEnumerator();
        for (int i = 0; i < 2; i++)
        {
            e.MoveNext();
            twin.MoveNext();
        }
        var copy = Copy(new object[] { e, list });
        var restored = Assert.IsAssignableFrom<IEnumerator<int>>(copy[0]);
        Assert.Equal(twin.Current, restored.Current);
        Assert.Equal(Rest<IEnumerator<int>, int>(ref twin), Rest<IEnumerator<int>, int>(ref restored));
    }

    [Fact]
    public void KeyAndValueCollectionsKeepTheirDictionary()
    {
        var d = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        var copy = Copy(new object[] { d, d.Keys, d.Values });
        var restored = Assert.IsType<Dictionary<string, int>>(copy[0]);
        var keys = Assert.IsType<Dictionary<string, int>.KeyCollection>(copy[1]);
        var values = Assert.IsType<Dictionary<string, int>.ValueCollection>(copy[2]);
        restored["c"] = 3;
        Assert.Equal(["a", "b", "c"], keys);
        Assert.Equal([1, 2, 3], values);
    }

    [Fact]
    public void CollectionVersionsSurviveARoundTrip()
    {
        var list = new List<int> { 1 };
        list.Add(2);
        list.RemoveAt(0);
        var copy = Copy(list);
        Assert.Equal(Version(list), Version(copy));
    }

    [Fact]
    public void SortedSetEnumerators()
    {
        Continues<SortedSet<int>, SortedSet<int>.Enumerator, int>(() => new SortedSet<int>(Items), c => c.GetEnumerator(), c => c.Add(100));
        Continues<SortedSet<string>, SortedSet<string>.Enumerator, string>(
            () => new SortedSet<string>(Items.Select(i => "s" + i), StringComparer.Ordinal), c => c.GetEnumerator(), c => c.Remove("s9"));
    }

    [Fact]
    public void SortedDictionaryEnumerators()
    {
        static SortedDictionary<string, int> Make()
        {
            var d = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (int i in Items) d["k" + i] = i;
            d.Remove("k3");
            return d;
        }
        Continues<SortedDictionary<string, int>, SortedDictionary<string, int>.Enumerator, KeyValuePair<string, int>>(Make, c => c.GetEnumerator(), c => c.Add("new", 0));
        Continues<SortedDictionary<string, int>, SortedDictionary<string, int>.KeyCollection.Enumerator, string>(Make, c => c.Keys.GetEnumerator(), c => c["k1"] = 10);
        Continues<SortedDictionary<string, int>, SortedDictionary<string, int>.ValueCollection.Enumerator, int>(Make, c => c.Values.GetEnumerator(), c => c.Remove("k1"));
    }

    [Fact]
    public void ARestoredSortedDictionaryKeepsItsOrderComparerAndViews()
    {
        var d = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["b"] = 2, ["A"] = 1, ["c"] = 3 };
        var copy = Copy(new object[] { d, d.Keys, d.Values });
        var restored = Assert.IsType<SortedDictionary<string, int>>(copy[0]);
        Assert.Same(StringComparer.OrdinalIgnoreCase, restored.Comparer);
        Assert.Equal(1, restored["a"]);
        Assert.Throws<ArgumentException>(() => restored.Add("B", 0));
        restored["d"] = 4;
        Assert.Equal(["A", "b", "c", "d"], Assert.IsType<SortedDictionary<string, int>.KeyCollection>(copy[1]));
        Assert.Equal([1, 2, 3, 4], Assert.IsType<SortedDictionary<string, int>.ValueCollection>(copy[2]));
    }

    [Fact]
    public void LinqQueriesInProgressContinue()
    {
        int threshold = 2; // captured: the lambdas' closure goes into the image with the query
        Func<List<int>, IEnumerable<int>>[] queries =
        [
            l => l.Skip(1).Take(4),
            l => l.Where(i => i > threshold),
            l => l.Select(i => i * threshold),
            l => l.Where(i => i % 2 == 1).Select(i => -i),
            l => l.ToArray().Where(i => i != threshold),
            l => l.Concat(l.Take(2)),
            l => l.Distinct().Reverse(),
            l => l.Select((i, n) => i + n).Skip(2),
        ];
        foreach (var query in queries)
        {
            for (int advance = 0; advance <= Items.Length + 2; advance++)
            {
                var source = new List<int>(Items) { 3 };
                using var e = query(source).GetEnumerator();
                using var twin = query(source).GetEnumerator();
                bool more = true;
                for (int i = 0; i < advance && more; i++)
                {
                    more = e.MoveNext();
                    Assert.Equal(more, twin.MoveNext());
                }
                var copy = Copy(new object[] { e, source });
                var restored = Assert.IsAssignableFrom<IEnumerator<int>>(copy[0]);
                if (advance > 0 && more)
                {
                    Assert.Equal(twin.Current, restored.Current);
                }
                var expected = twin;
                Assert.Equal(Rest<IEnumerator<int>, int>(ref expected), Rest<IEnumerator<int>, int>(ref restored));
            }
        }
    }

    [Fact]
    public void LinqQueriesHoldingALookupAreRefusedClearly()
    {
        var s = new ObjectGraphSerializer(Allowlist());
        using var groups = new List<int>(Items).GroupBy(i => i % 2).GetEnumerator();
        groups.MoveNext();
        Assert.Contains("a LINQ query in progress holds", Assert.Throws<ImageWriteException>(() => Write(s, ("root", new object[] { groups }))).Message);
    }

    private static void Continues<TCollection, TEnumerator, T>(Func<TCollection> make, Func<TCollection, TEnumerator> enumerate, Action<TCollection> modify)
        where TCollection : class
        where TEnumerator : IEnumerator<T>
    {
        for (int advance = 0; advance <= Items.Length + 1; advance++)
        {
            var collection = make();
            var e = enumerate(collection);
            var twin = enumerate(collection);
            for (int i = 0; i < advance; i++)
            {
                Assert.Equal(e.MoveNext(), twin.MoveNext());
            }
            var frame = Copy(new LoopFrame<TEnumerator> { Enumerator = e, Collection = collection });
            var restored = frame.Enumerator;
            if (advance is > 0 and <= 6)
            {
                Assert.Equal(twin.Current, restored.Current);
            }
            Assert.Equal(Rest<TEnumerator, T>(ref twin), Rest<TEnumerator, T>(ref restored));

            // A restored enumerator still sees a modification of its (restored) collection, as .NET would.
            var again = Copy(new LoopFrame<TEnumerator> { Enumerator = enumerate(collection), Collection = collection });
            var live = again.Enumerator;
            modify((TCollection)again.Collection!);
            Assert.Throws<InvalidOperationException>(() => live.MoveNext());
        }
    }

    private static List<T> Rest<TEnumerator, T>(ref TEnumerator e) where TEnumerator : IEnumerator<T>
    {
        var rest = new List<T>();
        while (e.MoveNext())
        {
            rest.Add(e.Current);
        }
        return rest;
    }

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(List<int> list);
}
