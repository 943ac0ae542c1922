using System.Collections;
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
