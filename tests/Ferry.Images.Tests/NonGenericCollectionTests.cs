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
