namespace Ferry.Images.Graph;

/// <summary>SortedList&lt;K,V&gt;: comparer (null = default), count, keys, values; filled after the graph is read.</summary>
internal sealed class SortedListCodec<TKey, TValue>(CodecRegistry registry)
    : TypeCodec(typeof(SortedList<TKey, TValue>), CodecKind.SortedList) where TKey : notnull
{
    private readonly SlotCodec<TKey> _keys = registry.Slots<TKey>();
    private readonly SlotCodec<TValue> _values = registry.Slots<TValue>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((SortedList<TKey, TValue>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, Comparer<TKey>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => new SortedList<TKey, TValue>(r.ReadRefAs<IComparer<TKey>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var list = (SortedList<TKey, TValue>)value;
        var keys = new TKey[list.Count];
        var values = new TValue[list.Count];
        list.Keys.CopyTo(keys, 0);
        list.Values.CopyTo(values, 0);
        w.WriteVarUInt((ulong)keys.Length);
        _keys.Write(w, keys);
        _values.Write(w, values);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var list = (SortedList<TKey, TValue>)value;
        long count = r.ReadCount(_keys.MinEncodedSize + _values.MinEncodedSize);
        var keys = new TKey[count];
        var values = new TValue[count];
        _keys.Read(r, keys);
        _values.Read(r, values);
        r.Defer(value, () =>
        {
            list.Capacity = Math.Max(list.Capacity, keys.Length);
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] is null || !list.TryAdd(keys[i], values[i]))
                {
                    throw new ImageFormatException($"corrupted object graph: a {TypeNames.Display(Type)} has a null or repeated key");
                }
            }
        });
    }
}
