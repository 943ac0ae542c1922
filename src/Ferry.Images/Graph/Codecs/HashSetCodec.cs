namespace Ferry.Images.Graph;

/// <summary>
/// HashSet&lt;T&gt;: the comparer where first referenced (null = default), count and items in the body.
/// Items are added only after the whole graph is read: their hash codes may depend on fields read later,
/// and string and identity hash codes differ from the process that wrote them.
/// </summary>
internal sealed class HashSetCodec<T>(CodecRegistry registry) : TypeCodec(typeof(HashSet<T>), CodecKind.HashSet)
{
    private readonly SlotCodec<T> _slots = registry.Slots<T>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((HashSet<T>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, EqualityComparer<T>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => new HashSet<T>(r.ReadRefAs<IEqualityComparer<T>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var set = (HashSet<T>)value;
        var items = new T[set.Count];
        set.CopyTo(items);
        w.WriteVarUInt((ulong)items.Length);
        _slots.Write(w, items);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var set = (HashSet<T>)value;
        var items = new T[r.ReadCount(_slots.MinEncodedSize)];
        _slots.Read(r, items);
        r.Defer(() =>
        {
            set.EnsureCapacity(items.Length);
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
