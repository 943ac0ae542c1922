using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Ferry.Images.Graph;

/// <summary>
/// Object → id by reference identity, keyed by the object's address: a shadow of the address space (a
/// three-level radix tree of native arrays, one id per 16-byte grain) instead of a hash table.
/// <para>
/// Why addresses: objects reached one after the other were mostly allocated one after the other, so their
/// shadow slots share cache lines and pages, where identity-hash slots are random (a cache and TLB miss per
/// reference). It also never asks for an identity hash code, which costs ~65 ns the first time per object
/// and writes into every object's header.
/// </para>
/// <para>
/// Why it is sound although the GC moves objects: objects move only during a GC, and every GC increments
/// <see cref="GC.CollectionCount(int)"/> of generation 0. The shadow is valid for the GC count it was last
/// brought up to date under; each lookup checks the count after probing, and if a GC happened, the lookup's
/// own write is undone, the shadow is brought up to date (<see cref="Relocate"/>: every object by id whose
/// address changed is re-slotted) and the lookup is redone. Within one GC count, live objects have distinct,
/// fixed addresses, and no two start in the same 16-byte grain (the smallest object is 24 bytes; on 32-bit,
/// 12 bytes and 8-byte grains). The objects by id stay referenced here, so none dies and lends its address.
/// </para>
/// Nothing large is allocated on the GC heap: the shadow and the address per id are native memory (never
/// scanned by the GC, stores need no write barrier) and the objects by id live in 64 KiB pages, below the
/// large-object threshold (large-object allocations are what trigger full GCs in the middle of a write).
/// </summary>
internal sealed unsafe class ObjectIdMap : IDisposable
{
    private static readonly int GrainBits = IntPtr.Size == 8 ? 4 : 3;
    private const int LeafBits = 16;                // a leaf covers 64 KiB of address space
    private const int DirBits = 14;                 // a directory covers 1 GiB (16384 leaves)
    private const int TopShift = LeafBits + DirBits;
    private const int TopBits = 48 - TopShift;      // addresses below 2^48 use the top array, higher ones a dictionary
    private const int ArenaBytes = 8 << 20;
    private const int PageBits = 13;                // 8192 references: a 64 KiB page
    private const int PageMask = (1 << PageBits) - 1;

    private readonly int _leafBytes = (1 << LeafBits >> GrainBits) * sizeof(int);
    private readonly List<nint> _blocks = new();    // every native allocation of the shadow, freed together
    private object[][] _pages = new object[16][];
    private nuint* _addresses;                      // the address each object had when it was last slotted
    private int _addressCapacity;
    private int _count;
    private int _epoch;

    private nint* _top;                             // [2^TopBits] → directory (nint[2^DirBits]) → leaf (int[grains]: id + 1)
    private Dictionary<ulong, nint>? _highDirs;
    private byte* _arena;
    private int _arenaLeft;

    public ObjectIdMap()
    {
        _top = (nint*)Allocate((nuint)(sizeof(nint) << TopBits));
        _epoch = GC.CollectionCount(0);
    }

    /// <summary>Objects given ids so far (ids are 0 … Count-1 in the order they were added).</summary>
    public int Count => _count;

    /// <summary>The object with <paramref name="id"/>.</summary>
    public object this[int id] => _pages[id >> PageBits][id & PageMask];

    /// <summary>GCs that happened during lookups and made the shadow catch up (diagnostics).</summary>
    public int Relocations { get; private set; }

    /// <summary>The id of <paramref name="key"/>, or -1 after giving it the next id (<see cref="Count"/> before the call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(object key)
    {
        nuint a = Address(key);
        int* slot = Slot(a);
        int v = *slot;
        if (v == 0)
        {
            *slot = _count + 1;
        }
        // No GC since the shadow was last brought up to date: the address read above is the one it knows.
        if (GC.CollectionCount(0) != _epoch)
        {
            return AfterGc(key, slot, v);
        }
        if (v != 0)
        {
            return v - 1;
        }
        Append(key, a);
        return -1;
    }

    /// <summary>The id of <paramref name="key"/>, or -1 if it has none (nothing is added).</summary>
    public int IndexOf(object key)
    {
        while (true)
        {
            int v = *Slot(Address(key));
            if (GC.CollectionCount(0) == _epoch)
            {
                return v - 1;
            }
            Relocate();
        }
    }

    /// <summary>
    /// Forgets the objects given ids at or after <paramref name="count"/> (a rolled-back write): their slots
    /// are cleared where they were last slotted, if they still hold their ids, as <see cref="Relocate"/> does.
    /// </summary>
    public void Truncate(int count)
    {
        for (int id = _count - 1; id >= count; id--)
        {
            int* slot = Slot(_addresses[id]);
            if (*slot == id + 1)
            {
                *slot = 0;
            }
            _pages[id >> PageBits][id & PageMask] = null!;
        }
        _count = Math.Min(_count, count);
    }

    /// <summary>
    /// Starts loading the slot of <paramref name="key"/> into the cache ahead of its lookup. Random lookups
    /// miss the cache and the TLB; a write issues them a few references early so the misses overlap. Needs
    /// only the reference's bits, never the object.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(object? key)
    {
        if (key is null || !Sse.IsSupported)
        {
            return;
        }
        nuint a = Address(key);
        ulong top = (ulong)a >> TopShift;
        if (top >= 1UL << TopBits)
        {
            return;
        }
        nint* dir = (nint*)_top[top];
        if (dir is null)
        {
            return;
        }
        int* leaf = (int*)dir[(int)((a >> LeafBits) & ((1u << DirBits) - 1))];
        if (leaf is not null)
        {
            Sse.Prefetch0(leaf + (int)((a & ((1u << LeafBits) - 1)) >> GrainBits));
        }
    }

    /// <summary>Starts loading the first two cache lines of the object with <paramref name="id"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchObject(int id) => PrefetchMemory(this[id], 2);

    /// <summary>Starts loading the first <paramref name="lines"/> cache lines of <paramref name="o"/> (1 or 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchMemory(object? o, int lines)
    {
        if (o is not null && Sse.IsSupported)
        {
            byte* p = (byte*)Address(o);
            Sse.Prefetch0(p);
            if (lines > 1)
            {
                Sse.Prefetch0(p + 64);
            }
        }
    }

    /// <summary>Starts loading the first cache line of <paramref name="items"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchFirst<T>(ReadOnlySpan<T> items)
    {
        if (!items.IsEmpty && Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetReference(items)));
        }
    }

    public void Dispose()
    {
        foreach (nint p in _blocks)
        {
            NativeMemory.Free((void*)p);
        }
        _blocks.Clear();
        NativeMemory.Free(_addresses);
        _addresses = null;
        _top = null;
        _pages = [];
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Address(object o) => (nuint)Unsafe.As<object, nint>(ref o);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int* Slot(nuint a)
    {
        ulong top = (ulong)a >> TopShift;
        nint* dir = top < (1UL << TopBits) ? (nint*)_top[top] : null;
        if (dir is null)
        {
            dir = Directory(top);
        }
        nint* leafRef = dir + (int)((a >> LeafBits) & ((1u << DirBits) - 1));
        int* leaf = (int*)*leafRef;
        if (leaf is null)
        {
            leaf = NewLeaf(leafRef);
        }
        return leaf + (int)((a & ((1u << LeafBits) - 1)) >> GrainBits);
    }

    private void Append(object key, nuint address)
    {
        int id = _count;
        int page = id >> PageBits;
        if ((id & PageMask) == 0)
        {
            if (page == _pages.Length)
            {
                Array.Resize(ref _pages, _pages.Length * 2);
            }
            _pages[page] = new object[1 << PageBits];
            if (id == _addressCapacity)
            {
                _addressCapacity = Math.Max(1 << PageBits, _addressCapacity * 2);
                _addresses = (nuint*)NativeMemory.Realloc(_addresses, (nuint)_addressCapacity * (nuint)sizeof(nuint));
            }
        }
        // No covariance check: it would read the new object's header, usually a cache miss at this point.
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_pages[page]), id & PageMask) = key;
        _addresses[id] = address;
        _count = id + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AfterGc(object key, int* slot, int v)
    {
        while (true)
        {
            if (v == 0)
            {
                *slot = 0; // written under an address that may be stale
            }
            Relocate();
            nuint a = Address(key);
            slot = Slot(a);
            v = *slot;
            if (v == 0)
            {
                *slot = _count + 1;
            }
            if (GC.CollectionCount(0) == _epoch)
            {
                if (v != 0)
                {
                    return v - 1;
                }
                Append(key, a);
                return -1;
            }
        }
    }

    /// <summary>
    /// Re-slots every object whose address changed, until one whole pass runs without a GC. Each object's
    /// old slot is cleared only if it still holds that object's id (another object may have moved there and
    /// been re-slotted first), so the order of the pass does not matter.
    /// </summary>
    private void Relocate()
    {
        Relocations++;
        while (true)
        {
            int epoch = GC.CollectionCount(0);
            for (int id = 0; id < _count; id++)
            {
                nuint now = Address(this[id]);
                nuint was = _addresses[id];
                if (now != was)
                {
                    int* old = Slot(was);
                    if (*old == id + 1)
                    {
                        *old = 0;
                    }
                    *Slot(now) = id + 1;
                    _addresses[id] = now;
                }
            }
            if (GC.CollectionCount(0) == epoch)
            {
                _epoch = epoch;
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private nint* Directory(ulong top)
    {
        nint dir;
        if (top < (1UL << TopBits))
        {
            dir = (nint)Allocate((nuint)(sizeof(nint) << DirBits));
            _top[top] = dir;
        }
        else
        {
            _highDirs ??= new Dictionary<ulong, nint>();
            if (!_highDirs.TryGetValue(top, out dir))
            {
                dir = (nint)Allocate((nuint)(sizeof(nint) << DirBits));
                _highDirs[top] = dir;
            }
        }
        return (nint*)dir;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int* NewLeaf(nint* leafRef)
    {
        if (_arenaLeft < _leafBytes)
        {
            // Large zeroed blocks come straight from the OS: pages are zero-filled only when first touched.
            _arena = (byte*)Allocate(ArenaBytes);
            _arenaLeft = ArenaBytes;
        }
        int* leaf = (int*)_arena;
        _arena += _leafBytes;
        _arenaLeft -= _leafBytes;
        *leafRef = (nint)leaf;
        return leaf;
    }

    private void* Allocate(nuint bytes)
    {
        void* p = NativeMemory.AllocZeroed(bytes);
        _blocks.Add((nint)p);
        return p;
    }
}
