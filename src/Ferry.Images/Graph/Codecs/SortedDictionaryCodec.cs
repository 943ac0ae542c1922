namespace Ferry.Images.Graph;

/// <summary>SortedDictionary&lt;K,V&gt;: comparer (null = default), count, keys, values; filled after the graph is read.</summary>
internal sealed class SortedDictionaryCodec<TKey, TValue>(CodecRegistry registry)
    : TypeCodec(typeof(SortedDictionary<TKey, TValue>), CodecKind.SortedDictionary) where TKey : notnull
{
    private readonly SlotCodec<TKey> _keys = registry.Slots<TKey>();
    private readonly SlotCodec<TValue> _values = registry.Slots<TValue>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((SortedDictionary<TKey, TValue>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, Comparer<TKey>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => new SortedDictionary<TKey, TValue>(r.ReadRefAs<IComparer<TKey>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var dict = (SortedDictionary<TKey, TValue>)value;
        var keys = new TKey[dict.Count];
        var values = new TValue[dict.Count];
        dict.Keys.CopyTo(keys, 0);
        dict.Values.CopyTo(values, 0);
        w.WriteVarUInt((ulong)keys.Length);
        _keys.Write(w, keys);
        _values.Write(w, values);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var dict = (SortedDictionary<TKey, TValue>)value;
        long count = r.ReadCount(_keys.MinEncodedSize + _values.MinEncodedSize);
        var keys = new TKey[count];
        var values = new TValue[count];
        _keys.Read(r, keys);
        _values.Read(r, values);
        r.Defer(() =>
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] is null || !dict.TryAdd(keys[i], values[i]))
                {
                    throw new ImageFormatException($"corrupted object graph: a {TypeNames.Display(Type)} has a null or repeated key");
                }
            }
        });
    }
}
