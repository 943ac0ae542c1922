using System.Collections;
using Ferry.Images.Inspection;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class NonGenericCollectionTests
{
    [Fact]
    public void ArrayListRoundTripsWithSharedReferencesAndItsVersion()
    {
        var shared = new Animal("cat", 4);
        var list = new ArrayList { 1, "two", shared, shared, null };
        list.RemoveAt(0);
        var copy = Copy(new object[] { list, shared });
        var restored = Assert.IsType<ArrayList>(copy[0]);
        Assert.Equal(4, restored.Count);
        Assert.Equal("two", restored[0]);
        Assert.Same(copy[1], restored[1]);
        Assert.Same(restored[1], restored[2]);
        Assert.Null(restored[3]);

        // An enumeration in progress continues, and notices later modifications.
        var e = restored.GetEnumerator();
        restored.Add(5);
        Assert.Equal(5, restored[4]);
        Assert.Throws<InvalidOperationException>(() => e.MoveNext());
    }

    [Fact]
    public void AnArrayListEnumeratorInProgressContinuesAtEveryPosition()
    {
        object[] items = [1, "two", 3.0, null!, 'e'];
        for (int advance = 0; advance <= items.Length + 1; advance++)
        {
            var list = new ArrayList(items);
            IEnumerator e = list.GetEnumerator();
            IEnumerator twin = list.GetEnumerator();
            for (int i = 0; i < advance; i++)
            {
                Assert.Equal(e.MoveNext(), twin.MoveNext());
            }
            var copy = Copy(new object[] { e, list });
            var restored = Assert.IsAssignableFrom<IEnumerator>(copy[0]);
            if (advance is > 0 and <= 5)
            {
                Assert.Equal(twin.Current, restored.Current);
            }
            else
            {
                // Not started or past the end: Current throws, as it did before the checkpoint.
                Assert.Throws<InvalidOperationException>(() => restored.Current);
            }
            Assert.Equal(Rest(twin), Rest(restored));

            var again = Copy(new object[] { list.GetEnumerator(), list });
            ((ArrayList)again[1]).Add("more");
            Assert.Throws<InvalidOperationException>(() => ((IEnumerator)again[0]).MoveNext());
        }
    }

    private static List<object?> Rest(IEnumerator e)
    {
        var rest = new List<object?>();
        while (e.MoveNext())
        {
            rest.Add(e.Current);
        }
        return rest;
    }

    [Fact]
    public void AHashtableIsRebuiltWithItsComparerLoadFactorVersionAndViews()
    {
        var shared = new Animal("dog", 4);
        var table = new Hashtable(8, 0.5f, StringComparer.OrdinalIgnoreCase) { ["a"] = 1, ["B"] = shared, ["c"] = null };
        table.Remove("c");
        var plain = new Hashtable { [1] = "one", [shared] = "the dog", [2.5] = 'x' };
        var copy = Copy(new object[] { table, plain, shared, table.Keys, table.Values });
        var restored = Assert.IsType<Hashtable>(copy[0]);
        Assert.Equal(2, restored.Count);
        Assert.Equal(1, restored["A"]);
        Assert.Same(copy[2], restored["b"]);
        Assert.Throws<ArgumentException>(() => restored.Add("b", 0)); // the comparer came back
        Assert.Equal(LoadFactor(table), LoadFactor(restored));
        Assert.Equal(Version(table), Version(restored));
        var restoredPlain = Assert.IsType<Hashtable>(copy[1]);
        Assert.Equal("one", restoredPlain[1]);
        Assert.Equal("the dog", restoredPlain[copy[2]]);
        Assert.Equal('x', restoredPlain[2.5]);

        // The key and value views show the restored table, changes included.
        restored["d"] = 4;
        Assert.Equal(3, Assert.IsAssignableFrom<ICollection>(copy[3]).Count);
        Assert.Contains(4, Assert.IsAssignableFrom<ICollection>(copy[4]).Cast<object>());
    }

    [Fact]
    public void AHashtableEnumeratorInProgressIsRefusedClearly()
    {
        var table = new Hashtable { [1] = 1, [2] = 2 };
        var e = table.GetEnumerator();
        e.MoveNext();
        var s = new Ferry.Images.Graph.ObjectGraphSerializer(Allowlist());
        Assert.Contains("an enumerator of Hashtable in progress cannot be captured yet",
            Assert.Throws<ImageWriteException>(() => Write(s, ("root", new object[] { e }))).Message);
    }

    [Fact]
    public void InspectionReadsTheNewKindsWithoutCreatingThem()
    {
        var table = new Hashtable { [1] = "one", ["two"] = 2 };
        var list = new ArrayList { "a", "b" };
        var e = list.GetEnumerator();
        e.MoveNext();
        var sorted = new SortedSet<int> { 3, 1, 2 };
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        var s = new Ferry.Images.Graph.ObjectGraphSerializer(Allowlist());
        var view = ImageDocument.Load(new MemoryStream(Write(s, ("root", new object[] { table, e, sorted, canceled })))).Graph!;
        var hashtable = view.Objects.Single(o => o.Kind == "hashtable");
        Assert.Equal(2, hashtable.Entries.Count);
        var enumerator = view.Objects.Single(o => o.Kind == "array-list-enumerator");
        Assert.Equal(0L, enumerator["Index"].Value);
        Assert.Equal("a", view.Resolve(enumerator["Current"])!.Value);
        Assert.Equal(3, view.Objects.Single(o => o.Kind == "sorted-set").Count);
        Assert.Single(view.Objects, o => o.Kind == "canceled-token-source");
    }

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_loadFactor")]
    private static extern ref float LoadFactor(Hashtable table);

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(Hashtable table);

    [Fact]
    public void QueueAndStackRoundTrip()
    {
        var item = new List<int> { 1 };
        var queue = new Queue();
        queue.Enqueue("a");
        queue.Enqueue(item);
        queue.Dequeue();
        queue.Enqueue(item);
        var stack = new Stack();
        stack.Push(1);
        stack.Push(item);
        var copy = Copy(new object[] { queue, stack });
        var q = Assert.IsType<Queue>(copy[0]);
        var s = Assert.IsType<Stack>(copy[1]);
        Assert.Equal(2, q.Count);
        object first = q.Dequeue()!;
        Assert.Same(first, q.Dequeue());
        Assert.Same(first, s.Pop());
        Assert.Equal([1], Assert.IsType<List<int>>(first));
        Assert.Equal(1, s.Pop());
    }
}
