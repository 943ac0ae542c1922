using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>
/// Object → id by reference identity, keyed by the object's address: a shadow of the address space
/// (a three-level radix tree of native arrays, one id per 16-byte grain) instead of a hash table.
/// <para>
/// Why addresses: objects reached one after the other were mostly allocated one after the other, so their
/// shadow slots share cache lines and pages, where identity-hash slots are random (a cache and TLB miss per
/// reference). It also never asks for an identity hash code, which costs ~65 ns the first time per object
/// and writes into every object header.
/// </para>
/// <para>
/// Why it is sound although the GC moves objects: objects move only during a GC, and every GC increments
/// <see cref="GC.CollectionCount(int)"/> for generation 0. The shadow is valid for the GC count it was
/// built under; each lookup checks the count after probing, and if a GC happened the shadow is rebuilt
/// from <see cref="_objects"/> (every object with an id, by id — which also keeps them alive, so no address
/// is reused) and the lookup redone. Within one count, live objects have distinct, fixed addresses, and
/// two objects never start in the same 16-byte grain (the smallest object is 24 bytes; 12 on 32-bit,
/// where grains are 8 bytes).
/// </para>
/// The shadow holds no managed references: the GC never scans it and stores need no write barrier.
/// </summary>
internal sealed unsafe class ObjectIdMap : IDisposable
{
    private static readonly int GrainBits = IntPtr.Size == 8 ? 4 : 3;
    private const int LeafBits = 16;                // a leaf covers 64 KiB of address space
    private const int DirBits = 14;                 // a directory covers 1 GiB (16384 leaves)
    private const int TopShift = LeafBits + DirBits;
    private const int TopBits = 48 - TopShift;      // addresses below 2^48 use the top array; higher ones a dictionary
    private const int ArenaBytes = 8 << 20;

    private readonly int _leafBytes = (1 << LeafBits >> GrainBits) * sizeof(int);
    private object[] _objects;
    private int _count;
    private int _epoch;

    private nint* _top;                              // [2^TopBits] → directory (nint[2^DirBits]) → leaf (int[grains])
    private Dictionary<ulong, nint>? _highDirs;
    private readonly List<nint> _blocks = new();     // every native allocation, freed together
    private byte* _arena;
    private int _arenaLeft;

    public ObjectIdMap(int capacity = 1024)
    {
        _objects = new object[Math.Max(16, capacity)];
        Reset();
        _epoch = GC.CollectionCount(0);
    }

    /// <summary>Objects given ids so far (ids are 0 … Count-1 in the order they were added).</summary>
    public int Count => _count;

    /// <summary>The object with <paramref name="id"/>.</summary>
    public object this[int id] => _objects[id];

    /// <summary>The id of <paramref name="key"/>, or -1 after giving it the next id (<see cref="Count"/> before the call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(object key)
    {
        int* slot = Slot(Address(key));
        int v = *slot;
        if (v == 0)
        {
            *slot = _count + 1;
        }
        // Not one GC since the shadow was built: the address read above is the one the shadow knows.
        if (GC.CollectionCount(0) != _epoch)
        {
            return Retry(key);
        }
        if (v != 0)
        {
            return v - 1;
        }
        Append(key);
        return -1;
    }

    public void Dispose()
    {
        FreeNative();
        _objects = [];
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

    private void Append(object key)
    {
        if (_count == _objects.Length)
        {
            Array.Resize(ref _objects, _objects.Length * 2);
        }
        _objects[_count++] = key;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Retry(object key)
    {
        while (true)
        {
            Rebuild();
            int* slot = Slot(Address(key));
            int v = *slot;
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
                Append(key);
                return -1;
            }
        }
    }

    /// <summary>Rebuilds the shadow for the current GC count from the objects by id; repeats if a GC interrupts it.</summary>
    private void Rebuild()
    {
        while (true)
        {
            int epoch = GC.CollectionCount(0);
            FreeNative();
            Reset();
            for (int i = 0; i < _count; i++)
            {
                *Slot(Address(_objects[i])) = i + 1;
            }
            if (GC.CollectionCount(0) == epoch)
            {
                _epoch = epoch;
                return;
            }
        }
    }

    private void Reset()
    {
        _top = (nint*)Allocate((nuint)(sizeof(nint) << TopBits));
        _highDirs = null;
        _arena = null;
        _arenaLeft = 0;
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
            // Large zeroed blocks come straight from the OS: pages are zero-filled only when touched.
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

    private void FreeNative()
    {
        foreach (nint p in _blocks)
        {
            NativeMemory.Free((void*)p);
        }
        _blocks.Clear();
        _top = null;
        _arena = null;
        _arenaLeft = 0;
    }
}
