using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Ownership bookkeeping of the lock shims, on the thread's <see cref="LockStack"/>. Enter/Exit of the
/// innermost lock (the usual nesting) touch one array slot; anything else scans the few entries.
/// <see cref="AppThread.HeldLocks"/> is made exact from it whenever the thread parks at the barrier
/// (<see cref="Publish"/>), and the stack is rebuilt from it on restore (<see cref="Load"/>).
/// </summary>
internal static class LockBook
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(AppThread self, object target)
    {
        var stack = self.Locks;
        var depth = stack.Depth;
        var entries = stack.Entries;
        if (depth > 0 && (uint)(depth - 1) < (uint)entries.Length && ReferenceEquals(entries[depth - 1].Target, target))
        {
            entries[depth - 1].Count++;
            return;
        }
        if ((uint)depth < (uint)entries.Length && depth == 0)
        {
            entries[0].Target = target;
            entries[0].Count = 1;
            stack.Depth = 1;
            return;
        }
        AddSlow(stack, target, 1);
    }

    /// <summary>Add <paramref name="count"/> holds (a Wait re-entering).</summary>
    public static void Add(AppThread self, object target, int count)
    {
        if (count > 0) AddSlow(self.Locks, target, count);
    }

    private static void AddSlow(LockStack stack, object target, int count)
    {
        var entries = stack.Entries;
        for (var i = stack.Depth - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(entries[i].Target, target)) continue;
            entries[i].Count += count;
            return;
        }
        if (stack.Depth == entries.Length) Array.Resize(ref stack.Entries, entries.Length * 2);
        stack.Entries[stack.Depth] = new LockStack.Entry { Target = target, Count = count };
        stack.Depth++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Remove(AppThread self, object target)
    {
        var stack = self.Locks;
        var top = stack.Depth - 1;
        var entries = stack.Entries;
        if ((uint)top < (uint)entries.Length && ReferenceEquals(entries[top].Target, target))
        {
            if (--entries[top].Count == 0)
            {
                entries[top].Target = null;
                stack.Depth = top;
            }
            return;
        }
        RemoveSlow(stack, target, all: false);
    }

    /// <summary>Drop the entry entirely (Monitor.Wait releases every level); returns the count it had.</summary>
    public static int RemoveAll(AppThread self, object target) => RemoveSlow(self.Locks, target, all: true);

    private static int RemoveSlow(LockStack stack, object target, bool all)
    {
        var entries = stack.Entries;
        for (var i = stack.Depth - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(entries[i].Target, target)) continue;
            var had = entries[i].Count;
            if (!all && --entries[i].Count > 0) return had;
            Array.Copy(entries, i + 1, entries, i, stack.Depth - i - 1);
            stack.Depth--;
            entries[stack.Depth] = default;
            return had;
        }
        // Not found: the monitor was taken by code Ferry does not see (framework code on this thread).
        return 0;
    }

    /// <summary>
    /// Make <see cref="AppThread.HeldLocks"/> exact: outermost first, with recursion counts. Called on the
    /// thread itself when it parks for a checkpoint (so every image sees it exact), or by tests.
    /// </summary>
    public static void Publish(AppThread self)
    {
        var stack = self.Locks;
        var list = self.HeldLocks;
        if (list.Count > stack.Depth) list.RemoveRange(stack.Depth, list.Count - stack.Depth);
        for (var i = 0; i < stack.Depth; i++)
        {
            ref var entry = ref stack.Entries[i];
            if (i < list.Count)
            {
                list[i].Target = entry.Target!;
                list[i].Count = entry.Count;
            }
            else
            {
                list.Add(new HeldLock(entry.Target!, entry.Count));
            }
        }
    }

    /// <summary>Restore: the stack from <see cref="AppThread.HeldLocks"/> of the image (the monitors are entered by the caller).</summary>
    public static void Load(AppThread self)
    {
        var stack = self.Locks;
        Array.Clear(stack.Entries);
        stack.Depth = 0;
        foreach (var held in self.HeldLocks) AddSlow(stack, held.Target, held.Count);
    }
}
