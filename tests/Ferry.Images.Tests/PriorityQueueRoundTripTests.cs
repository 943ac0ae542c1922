using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class PriorityQueueRoundTripTests
{
    [Fact]
    public void PriorityQueueDequeuesInTheSameOrderAsItsTwin()
    {
        var queue = new PriorityQueue<string, int>();
        var twin = new PriorityQueue<string, int>();
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            var priority = random.Next(10);
            queue.Enqueue("item" + i, priority);
            twin.Enqueue("item" + i, priority);
        }
        for (var i = 0; i < 5; i++)
        {
            queue.Dequeue();
            twin.Dequeue();
        }

        var restored = Copy(queue);
        Assert.Equal(twin.Count, restored.Count);
        while (twin.Count > 0)
        {
            Assert.True(restored.TryDequeue(out var element, out var priority));
            Assert.True(twin.TryDequeue(out var expected, out var expectedPriority));
            Assert.Equal(expected, element);
            Assert.Equal(expectedPriority, priority);
        }
    }
}
