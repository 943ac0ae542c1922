namespace Ferry.Images.Graph;

/// <summary>
/// Dictionary&lt;K,V&gt;: the comparer where first referenced (null = default); the body is the slot layout
/// (<see cref="HashTableLayout"/>), then count, all keys, all values, in slot order. After the whole graph is
/// read (keys' fields may come later; string and identity hash codes differ between processes), entries are
/// put back into their original slots with hash codes and bucket chains computed here, and the free list
/// and version restored: later insertions and enumerations go exactly as in the original process.
/// </summary>
internal sealed class DictionaryCodec<TKey, TValue>(CodecRegistry registry)
    : TypeCodec(typeof(Dictionary<TKey, TValue>), CodecKind.Dictionary) where TKey : notnull
{
    private static readonly HashTableFields? Fields = HashTableFields.ForDictionary(typeof(Dictionary<TKey, TValue>));
    private static readonly DictionaryEntryWriter<TKey, TValue>? SetEntry = Fields?.EntryWriter<DictionaryEntryWriter<TKey, TValue>>();

    // Scratch for one body at a time (bodies are never written re-entrantly), per thread: no garbage per dictionary.
    [ThreadStatic] private static TKey[]? t_keys;
    [ThreadStatic] private static TValue[]? t_values;

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
        int n = dict.Count;
        HashTableLayout.Write(w, Fields, dict, dict.EnsureCapacity(0), n);
        var keys = Scratch(ref t_keys, n);
        var values = Scratch(ref t_values, n);
        int i = 0;
        foreach (var kv in dict)
        {
            keys[i] = kv.Key;
            values[i] = kv.Value;
            i++;
        }
        w.WriteVarUInt((ulong)n);
        _keys.Write(w, keys.AsSpan(0, n));
        _values.Write(w, values.AsSpan(0, n));
        // Don't keep the app's objects reachable from a thread-static.
        keys.AsSpan(0, n).Clear();
        values.AsSpan(0, n).Clear();
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var dict = (Dictionary<TKey, TValue>)value;
        var layout = HashTableLayout.Read(r);
        long count = r.ReadCount(_keys.MinEncodedSize + _values.MinEncodedSize);
        layout.CheckLive(count, r);
        var keys = new TKey[count];
        var values = new TValue[count];
        _keys.Read(r, keys);
        _values.Read(r, values);
        r.Defer(value, () => Fill(dict, layout, keys, values));
    }

    private void Fill(Dictionary<TKey, TValue> dict, HashTableLayout layout, TKey[] keys, TValue[] values)
    {
        if (Fields is null || SetEntry is null)
        {
            dict.EnsureCapacity(layout.CapacityToAllocate);
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] is null || !dict.TryAdd(keys[i], values[i]))
                {
                    throw Repeated();
                }
            }
            return;
        }
        if (layout.Capacity > 0)
        {
            dict.EnsureCapacity(layout.CapacityToAllocate);
        }
        var state = Fields.ReadState(dict);
        if (state.Entries is null || state.Buckets is null)
        {
            Fields.WriteState(dict, 0, -1, 0, layout.Version);
            return;
        }
        var comparer = (IEqualityComparer<TKey>?)state.Comparer;
        int[] buckets = state.Buckets;
        int[] slots = layout.LiveSlots();
        for (int j = 0; j < slots.Length; j++)
        {
            TKey key = keys[j];
            // The table is consistent after every entry, so its own lookup finds a repeated key.
            if (key is null || dict.ContainsKey(key))
            {
                throw Repeated();
            }
            uint hashCode = (uint)(comparer is null ? key.GetHashCode() : comparer.GetHashCode(key));
            ref int bucket = ref buckets[hashCode % (uint)buckets.Length];
            int slot = slots[j];
            SetEntry(state.Entries, slot, hashCode, bucket - 1, key, values[j]);
            bucket = slot + 1;
        }
        layout.Finish(Fields, dict, state.Entries);
    }

    private ImageFormatException Repeated() => new($"corrupted object graph: a {TypeNames.Display(Type)} has a null or repeated key");

    private static T[] Scratch<T>(ref T[]? scratch, int n)
    {
        if (scratch is null || scratch.Length < n)
        {
            scratch = new T[Math.Max(n, 16)];
        }
        return scratch;
    }
}
