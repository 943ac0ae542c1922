using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>
/// The writer's queue of objects whose bodies are still to be written: (object id, codec index) pairs in
/// native memory. A managed queue of a million objects lives on the large-object heap, and growing it in
/// the middle of a write triggers full GCs of the very heap being written.
/// </summary>
internal sealed unsafe class BodyQueue : IDisposable
{
    private long* _items;
    private int _capacity;
    private int _head;
    private int _tail;

    public bool IsEmpty => _head == _tail;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(int id, int codecIndex)
    {
        if (_tail == _capacity)
        {
            Grow();
        }
        _items[_tail++] = (long)codecIndex << 32 | (uint)id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dequeue(out int id, out int codecIndex)
    {
        long item = _items[_head++];
        id = (int)item;
        codecIndex = (int)(item >> 32);
        if (_head == _tail)
        {
            _head = _tail = 0;
        }
    }

    /// <summary>The item <paramref name="ahead"/> places behind the head, if there is one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPeek(int ahead, out int id, out int codecIndex)
    {
        int i = _head + ahead;
        if (i >= _tail)
        {
            id = codecIndex = 0;
            return false;
        }
        long item = _items[i];
        id = (int)item;
        codecIndex = (int)(item >> 32);
        return true;
    }

    public void Clear() => _head = _tail = 0;

    /// <summary>Bodies still queued.</summary>
    public int Count => _tail - _head;

    /// <summary>Drops the bodies queued after the first <paramref name="count"/> (a rolled-back write).</summary>
    public void Truncate(int count)
    {
        _tail = _head + count;
        if (_head == _tail)
        {
            _head = _tail = 0;
        }
    }

    private void Grow()
    {
        if (_head > _capacity / 2)
        {
            // Mostly consumed: slide the live part down instead of growing.
            Buffer.MemoryCopy(_items + _head, _items, (long)_capacity * sizeof(long), (long)(_tail - _head) * sizeof(long));
            _tail -= _head;
            _head = 0;
            return;
        }
        _capacity = Math.Max(4096, _capacity * 2);
        _items = (long*)NativeMemory.Realloc(_items, (nuint)_capacity * sizeof(long));
    }

    public void Dispose()
    {
        NativeMemory.Free(_items);
        _items = null;
        _capacity = _head = _tail = 0;
    }
}
