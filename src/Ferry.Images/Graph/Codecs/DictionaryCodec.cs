namespace Ferry.Images.Graph;

/// <summary>
/// Dictionary&lt;K,V&gt;: the comparer where first referenced (null = default), then count, all keys, all
/// values. Entries are inserted after the whole graph is read, in their original enumeration order.
/// </summary>
internal sealed class DictionaryCodec<TKey, TValue>(CodecRegistry registry)
    : TypeCodec(typeof(Dictionary<TKey, TValue>), CodecKind.Dictionary) where TKey : notnull
{
    private readonly SlotCodec<TKey> _keys = registry.Slots<TKey>();
    private readonly SlotCodec<TValue> _values = registry.Slots<TValue>();

    public override bool HasBody => true;

    public override void WriteAllocation(GraphEncoder w, object value)
    {
        var comparer = ((Dictionary<TKey, TValue>)value).Comparer;
        w.WriteRef(ReferenceEquals(comparer, EqualityComparer<TKey>.Default) ? null : comparer);
    }

    public override object ReadAllocation(GraphDecoder r) => new Dictionary<TKey, TValue>(r.ReadRefAs<IEqualityComparer<TKey>>());

    public override void WriteBody(GraphEncoder w, object value)
    {
        var dict = (Dictionary<TKey, TValue>)value;
        var keys = new TKey[dict.Count];
        var values = new TValue[dict.Count];
        int i = 0;
        foreach (var kv in dict)
        {
            keys[i] = kv.Key;
            values[i] = kv.Value;
            i++;
        }
        w.WriteVarUInt((ulong)keys.Length);
        _keys.Write(w, keys);
        _values.Write(w, values);
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var dict = (Dictionary<TKey, TValue>)value;
        long count = r.ReadCount(_keys.MinEncodedSize + _values.MinEncodedSize);
        var keys = new TKey[count];
        var values = new TValue[count];
        _keys.Read(r, keys);
        _values.Read(r, values);
        r.Defer(() =>
        {
            dict.EnsureCapacity(keys.Length);
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
