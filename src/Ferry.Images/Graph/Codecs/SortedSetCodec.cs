namespace Ferry.Images.Graph;

/// <summary>SortedSet&lt;T&gt;: comparer (null = default), then items in order; filled after the graph is read.</summary>
internal sealed class SortedSetCodec<T>(CodecRegistry registry) : TypeCodec(typeof(SortedSet<T>), CodecKind.SortedSet)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((SortedSet<T>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, Comparer<T>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => new SortedSet<T>(r.ReadRefAs<IComparer<T>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var set = (SortedSet<T>)value;
        var items = new T[set.Count];
        set.CopyTo(items);
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var set = (SortedSet<T>)value;
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        r.Defer(() =>
        {
            foreach (var item in items)
            {
                if (!set.Add(item))
                {
                    throw new ImageFormatException($"corrupted object graph: a {TypeNames.Display(Type)} holds the same item twice");
                }
            }
        });
    }
}
