namespace Ferry.Images.Graph;

/// <summary>
/// Where a hash table's live entries sit among its slots, as written before the entries of a Dictionary
/// or HashSet body: <c>varuint capacity, varuint version, varuint freeCount</c>, and when freeCount &gt; 0
/// <c>varuint usedSlots</c> and the free slots in free-list order (head first). Live entries fill the used
/// slots that are not free, in slot order (= enumeration order). Without free slots, live entries are
/// slots 0 … n-1: the layout of inserting them in order, which is what a table without removals has.
/// </summary>
internal sealed class HashTableLayout
{
    private static readonly int[] NoSlots = [];

    private HashTableLayout(int capacity, int version, int usedSlots, int[] free)
    {
        Capacity = capacity;
        Version = version;
        UsedSlots = usedSlots;
        Free = free;
    }

    /// <summary>Length of the entries array (0: never allocated).</summary>
    public int Capacity { get; }

    public int Version { get; }

    /// <summary>Slots used so far, live and free.</summary>
    public int UsedSlots { get; private set; }

    /// <summary>Free slots, head of the free list first.</summary>
    public int[] Free { get; }

    /// <summary>
    /// The capacity to give the restored table: the original's, unless it is far beyond what the image holds
    /// (a table cleared after holding millions): capacity decides only when the table grows, never where an
    /// entry goes, so the bound keeps a small image from allocating a huge array without changing behavior.
    /// </summary>
    public int CapacityToAllocate => (int)Math.Min(Capacity, Math.Max(1024L, 4L * UsedSlots));

    /// <summary>Writes the layout of <paramref name="table"/> (with <paramref name="live"/> entries).</summary>
    public static void Write(GraphEncoder w, HashTableFields? fields, object table, int capacity, int live)
    {
        if (fields is null)
        {
            // Unknown runtime layout: entries go back in enumeration order.
            w.WriteVarUInt((ulong)capacity);
            w.WriteVarUInt(0);
            w.WriteVarUInt(0);
            return;
        }
        var state = fields.ReadState(table);
        w.WriteVarUInt((ulong)capacity);
        w.WriteVarUInt((uint)state.Version);
        w.WriteVarUInt((ulong)state.FreeCount);
        if (state.FreeCount == 0)
        {
            return;
        }
        if (state.Count != live + state.FreeCount || state.Entries is null)
        {
            throw new InvalidOperationException($"a {TypeNames.Display(table.GetType())} changed while it was being written");
        }
        w.WriteVarUInt((ulong)state.Count);
        int slot = state.FreeList;
        for (int k = 0; k < state.FreeCount; k++)
        {
            if ((uint)slot >= (uint)state.Count)
            {
                throw new InvalidOperationException($"the free list of a {TypeNames.Display(table.GetType())} is inconsistent (changed while being written?)");
            }
            w.WriteVarUInt((ulong)slot);
            slot = StartOfFreeListMinus(fields.ReadNext(state.Entries, slot));
        }
    }

    private static int StartOfFreeListMinus(int next) => HashTableFields.StartOfFreeList - next;

    public static HashTableLayout Read(GraphDecoder r)
    {
        ulong capacity = r.ReadVarUInt();
        ulong version = r.ReadVarUInt();
        if (capacity > int.MaxValue || version > uint.MaxValue)
        {
            throw r.Bad("a hash table's capacity or version is out of range");
        }
        int freeCount = (int)r.ReadCount(1);
        if (freeCount == 0)
        {
            return new HashTableLayout((int)capacity, (int)(uint)version, -1, NoSlots);
        }
        ulong used = r.ReadVarUInt();
        if (used > capacity || used < (ulong)freeCount)
        {
            throw r.Bad($"a hash table with {used} used slots, {freeCount} of them free, in a capacity of {capacity}");
        }
        r.Bound((long)used - freeCount);
        var free = new int[freeCount];
        var seen = new bool[used];
        for (int k = 0; k < freeCount; k++)
        {
            ulong slot = r.ReadVarUInt();
            if (slot >= used || seen[slot])
            {
                throw r.Bad($"a hash table's free list names slot {slot} twice or outside its {used} used slots");
            }
            seen[slot] = true;
            free[k] = (int)slot;
        }
        return new HashTableLayout((int)capacity, (int)(uint)version, (int)used, free);
    }

    /// <summary>Checks the number of live entries that follow against the layout.</summary>
    public void CheckLive(long live, GraphDecoder r)
    {
        if (Free.Length == 0)
        {
            UsedSlots = (int)live;
        }
        if (live + Free.Length != UsedSlots || UsedSlots > Capacity)
        {
            throw r.Bad($"a hash table with {live} entries and {Free.Length} free slots in {UsedSlots} used slots of {Capacity}");
        }
    }

    /// <summary>The used slots that hold live entries, in order (for <see cref="Free"/> empty: 0 … UsedSlots-1).</summary>
    public int[] LiveSlots()
    {
        var live = new int[UsedSlots - Free.Length];
        if (Free.Length == 0)
        {
            for (int i = 0; i < live.Length; i++)
            {
                live[i] = i;
            }
            return live;
        }
        var isFree = new bool[UsedSlots];
        foreach (int f in Free)
        {
            isFree[f] = true;
        }
        int j = 0;
        for (int i = 0; i < UsedSlots; i++)
        {
            if (!isFree[i])
            {
                live[j++] = i;
            }
        }
        return live;
    }

    /// <summary>Links the free slots into the free list and sets used slots, free list and version.</summary>
    public void Finish(HashTableFields fields, object table, Array entries)
    {
        for (int k = 0; k < Free.Length; k++)
        {
            int nextFree = k + 1 < Free.Length ? Free[k + 1] : -1;
            fields.WriteNext(entries, Free[k], HashTableFields.StartOfFreeList - nextFree);
        }
        fields.WriteState(table, UsedSlots, Free.Length > 0 ? Free[0] : -1, Free.Length, Version);
    }
}
