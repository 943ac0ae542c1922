using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Queue&lt;T&gt;: version, count and items from head to tail. Enumerators index relative to the head, so one
/// held across a checkpoint continues although the restored queue starts at slot 0.
/// </summary>
internal sealed class QueueCodec<T>(CodecRegistry registry) : TypeCodec(typeof(Queue<T>), CodecKind.Queue)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => new Queue<T>();

    public override void WriteBody(GraphEncoder w, object value)
    {
        var queue = (Queue<T>)value;
        w.WriteVarUInt((uint)Version(queue));
        T[] items = queue.ToArray();
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var queue = (Queue<T>)value;
        int version = ListCodec<T>.ReadVersion(r);
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        queue.EnsureCapacity(items.Length);
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
        Version(queue) = version;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_version")]
    private static extern ref int Version(Queue<T> queue);
}
