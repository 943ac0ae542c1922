namespace Ferry.Images.Graph;

/// <summary>Queue&lt;T&gt;: count and items from head to tail.</summary>
internal sealed class QueueCodec<T>(CodecRegistry registry) : TypeCodec(typeof(Queue<T>), CodecKind.Queue)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new Queue<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        T[] items = ((Queue<T>)value).ToArray();
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var queue = (Queue<T>)value;
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        queue.EnsureCapacity(items.Length);
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
    }
}
