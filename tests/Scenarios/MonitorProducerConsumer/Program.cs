// Monitor.Wait/Pulse producer-consumer: threads blocked in Wait (a blocking safe point) and
// threads holding the monitor must all be captured consistently.
namespace MonitorProducerConsumer;

internal sealed class BoundedBuffer
{
    private readonly Queue<int> _items = new();
    private readonly int _capacity;
    private bool _closed;

    public BoundedBuffer(int capacity) => _capacity = capacity;

    public void Put(int item)
    {
        lock (_items)
        {
            while (_items.Count == _capacity) Monitor.Wait(_items);
            _items.Enqueue(item);
            Monitor.PulseAll(_items);
        }
    }

    public bool TryTake(out int item)
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_closed) Monitor.Wait(_items);
            if (_items.Count == 0)
            {
                item = 0;
                return false;
            }
            item = _items.Dequeue();
            Monitor.PulseAll(_items);
            return true;
        }
    }

    public void Close()
    {
        lock (_items)
        {
            _closed = true;
            Monitor.PulseAll(_items);
        }
    }
}

internal static class Program
{
    private static int Main()
    {
        // Phase 1: one producer, one consumer; the consumer is the only thread that prints.
        var buffer = new BoundedBuffer(3);
        var consumed = new List<int>();
        var consumer = new Thread(() =>
        {
            while (buffer.TryTake(out int item))
            {
                consumed.Add(item);
                if (item % 5 == 0) Console.WriteLine($"consumed {item} (total {consumed.Count})");
            }
        });
        var producer = new Thread(() =>
        {
            for (int i = 1; i <= 20; i++) buffer.Put(i * 3 % 31);
            buffer.Close();
        });
        consumer.Start();
        producer.Start();
        producer.Join();
        consumer.Join();
        Console.WriteLine("phase1 order " + string.Join(',', consumed));

        // Phase 2: two producers, two consumers; only sums are deterministic.
        var buffer2 = new BoundedBuffer(2);
        var sums = new long[2];
        var counts = new int[2];
        var consumers = new Thread[2];
        for (int c = 0; c < 2; c++)
        {
            int id = c;
            consumers[c] = new Thread(() =>
            {
                while (buffer2.TryTake(out int item)) { sums[id] += item; counts[id]++; }
            });
            consumers[c].Start();
        }
        var producers = new Thread[2];
        for (int p = 0; p < 2; p++)
        {
            int id = p;
            producers[p] = new Thread(() => { for (int i = 0; i < 12; i++) buffer2.Put(id * 100 + i); });
            producers[p].Start();
        }
        foreach (Thread t in producers) t.Join();
        buffer2.Close();
        foreach (Thread t in consumers) t.Join();
        Console.WriteLine($"phase2 total={sums[0] + sums[1]} items={counts[0] + counts[1]}");

        if (consumed.Count != 20) return Fail(11, "phase1 count");
        for (int i = 1; i <= 20; i++) if (consumed[i - 1] != i * 3 % 31) return Fail(12, "phase1 order");
        if (sums[0] + sums[1] != 2 * 66 + 100 * 12) return Fail(13, "phase2 total");
        if (counts[0] + counts[1] != 24) return Fail(14, "phase2 items");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
