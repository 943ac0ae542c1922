using System.Runtime.CompilerServices;

namespace Ferry.Bench.Images;

/// <summary>
/// The object → id table the writer used before ObjectIdMap (identity hash, open addressing), kept to compare.
/// </summary>
public sealed class HashIdTable
{
    private struct Entry
    {
        public object? Key;
        public int Id;
    }

    private Entry[] _entries;
    private int _mask;
    private int _count;
    private int _growAt;

    public HashIdTable(int capacity = 1 << 16)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _entries = new Entry[size];
        _mask = size - 1;
        _growAt = size / 2;
    }

    public int Count => _count;

    /// <summary>The id of <paramref name="key"/>, or -1 after adding it with <paramref name="newId"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(object key, int newId)
    {
        Entry[] entries = _entries;
        int mask = _mask;
        int i = Slot(key) & mask;
        while (true)
        {
            ref Entry e = ref entries[i];
            if (e.Key is null)
            {
                e.Key = key;
                e.Id = newId;
                if (++_count >= _growAt)
                {
                    Grow();
                }
                return -1;
            }
            if (ReferenceEquals(e.Key, key))
            {
                return e.Id;
            }
            i = (i + 1) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(object key) => (int)((uint)RuntimeHelpers.GetHashCode(key) * 0x9E3779B1u >> 3);

    private void Grow()
    {
        var old = _entries;
        // Grow fourfold: rehashing is a pass of cache misses, so do it rarely.
        int size = old.Length * 4;
        var entries = new Entry[size];
        int mask = size - 1;
        foreach (ref readonly Entry e in old.AsSpan())
        {
            if (e.Key is null)
            {
                continue;
            }
            int i = Slot(e.Key) & mask;
            while (entries[i].Key is not null)
            {
                i = (i + 1) & mask;
            }
            entries[i] = e;
        }
        _entries = entries;
        _mask = mask;
        _growAt = size / 2;
    }
}
