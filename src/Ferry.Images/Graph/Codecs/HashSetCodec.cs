namespace Ferry.Images.Graph;

/// <summary>
/// HashSet&lt;T&gt;: the comparer where first referenced (null = default); the body is the slot layout
/// (<see cref="HashTableLayout"/>), then count and items in slot order. Like <see cref="DictionaryCodec{TKey, TValue}"/>,
/// items go back into their original slots after the whole graph is read (their hash codes may depend on
/// fields read later, and string and identity hash codes differ from the process that wrote them), with
/// the free list and version restored.
/// </summary>
internal sealed class HashSetCodec<T>(CodecRegistry registry) : TypeCodec(typeof(HashSet<T>), CodecKind.HashSet)
{
    private static readonly HashTableFields? Fields = HashTableFields.ForHashSet(typeof(HashSet<T>));
    private static readonly SetEntryWriter<T>? SetEntry = Fields?.EntryWriter<SetEntryWriter<T>>();

    [ThreadStatic] private static T[]? t_items;

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
        int n = set.Count;
        HashTableLayout.Write(w, Fields, set, set.EnsureCapacity(0), n);
        if (t_items is null || t_items.Length < n)
        {
            t_items = new T[Math.Max(n, 16)];
        }
        var items = t_items;
        set.CopyTo(items);
        w.WriteVarUInt((ulong)n);
        _slots.Write(w, items.AsSpan(0, n));
        items.AsSpan(0, n).Clear();
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var set = (HashSet<T>)value;
        var layout = HashTableLayout.Read(r);
        long count = r.ReadCount(_slots.MinEncodedSize);
        layout.CheckLive(count, r);
        var items = new T[count];
        _slots.Read(r, items);
        r.Defer(value, () => Fill(set, layout, items));
    }

    private void Fill(HashSet<T> set, HashTableLayout layout, T[] items)
    {
        if (Fields is null || SetEntry is null)
        {
            set.EnsureCapacity(layout.CapacityToAllocate);
            foreach (var item in items)
            {
                if (!set.Add(item))
                {
                    throw Repeated();
                }
            }
            return;
        }
        if (layout.Capacity > 0)
        {
            set.EnsureCapacity(layout.CapacityToAllocate);
        }
        var state = Fields.ReadState(set);
        if (state.Entries is null || state.Buckets is null)
        {
            Fields.WriteState(set, 0, -1, 0, layout.Version);
            return;
        }
        var comparer = (IEqualityComparer<T>?)state.Comparer;
        int[] buckets = state.Buckets;
        int[] slots = layout.LiveSlots();
        for (int j = 0; j < slots.Length; j++)
        {
            T item = items[j];
            // The set is consistent after every item, so its own lookup finds a repeated one.
            if (set.Contains(item))
            {
                throw Repeated();
            }
            int hashCode = item is null ? 0 : comparer is null ? item.GetHashCode() : comparer.GetHashCode(item);
            ref int bucket = ref buckets[(uint)hashCode % (uint)buckets.Length];
            int slot = slots[j];
            SetEntry(state.Entries, slot, hashCode, bucket - 1, item);
            bucket = slot + 1;
        }
        layout.Finish(Fields, set, state.Entries);
    }

    private ImageFormatException Repeated() => new($"corrupted object graph: a {TypeNames.Display(Type)} holds the same item twice");
}
