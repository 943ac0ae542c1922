namespace Ferry.Images.Graph;

/// <summary>Slots of a reference type: one reference each, type-checked on read.</summary>
internal sealed class RefSlots<T> : SlotCodec<T>
{
    public override int MinEncodedSize => 1;

    public override void Write(GraphEncoder w, ReadOnlySpan<T> items)
    {
        // Slots (and headers, read if the object is new) a few items ahead are prefetched: consecutive
        // references are often far apart in memory. The first few are prefetched together so that short
        // collections overlap their misses too.
        const int Ahead = 8;
        var ids = w.Ids;
        for (int i = 0; i < items.Length && i < Ahead; i++)
        {
            ids.Prefetch(items[i]);
            ObjectIdMap.PrefetchMemory(items[i], 1);
        }
        for (int i = 0; i < items.Length; i++)
        {
            if (i + Ahead < items.Length)
            {
                ids.Prefetch(items[i + Ahead]);
                ObjectIdMap.PrefetchMemory(items[i + Ahead], 1);
            }
            w.WriteRef(items[i]);
        }
    }

    public override void Read(GraphDecoder r, Span<T> items)
    {
        for (int i = 0; i < items.Length; i++)
        {
            object? o = r.ReadRef();
            if (o is null)
            {
                items[i] = default!;
            }
            else if (o is T t)
            {
                items[i] = t;
            }
            else
            {
                throw r.Bad($"a {TypeNames.Display(o.GetType())} in a slot of {TypeNames.Display(typeof(T))}");
            }
        }
    }
}
