using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Keeps <see cref="AppThread.HeldLocks"/> exact: one entry per object whose monitor (or Lock) the
/// thread holds, with its recursion count, in acquisition order. Only the owning thread touches its
/// list (the barrier reads it while the thread is parked). Entries are recycled through a per-thread
/// spare, so lock/unlock in a loop does not allocate.
/// </summary>
internal static class LockBook
{
    [ThreadStatic] private static HeldLock? t_spare;

    /// <summary>Stands in for the target of a recycled entry, so it keeps no app object alive.</summary>
    private static readonly object s_none = new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(AppThread self, object target)
    {
        var list = self.HeldLocks;
        var n = list.Count;
        if (n > 0)
        {
            var last = list[n - 1];
            if (ReferenceEquals(last.Target, target))
            {
                last.Count++;
                return;
            }
        }
        AddSlow(list, target, 1);
    }

    /// <summary>Add <paramref name="count"/> holds (a Wait re-acquiring, or a restore).</summary>
    public static void Add(AppThread self, object target, int count)
    {
        if (count > 0) AddSlow(self.HeldLocks, target, count);
    }

    private static void AddSlow(List<HeldLock> list, object target, int count)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(list[i].Target, target)) continue;
            list[i].Count += count;
            return;
        }
        var entry = t_spare;
        if (entry is null)
        {
            entry = new HeldLock(target, count);
        }
        else
        {
            t_spare = null;
            entry.Target = target;
            entry.Count = count;
        }
        list.Add(entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Remove(AppThread self, object target)
    {
        var list = self.HeldLocks;
        var n = list.Count;
        if (n > 0)
        {
            var last = list[n - 1];
            if (ReferenceEquals(last.Target, target))
            {
                if (--last.Count == 0) Recycle(list, n - 1);
                return;
            }
        }
        RemoveSlow(list, target);
    }

    private static void RemoveSlow(List<HeldLock> list, object target)
    {
        // Not found: the monitor was taken by code Ferry does not see (e.g. framework code on this thread).
        for (var i = list.Count - 2; i >= 0; i--)
        {
            if (!ReferenceEquals(list[i].Target, target)) continue;
            if (--list[i].Count == 0) Recycle(list, i);
            return;
        }
    }

    /// <summary>Drop the entry entirely (Monitor.Wait releases every level); returns the count it had.</summary>
    public static int RemoveAll(AppThread self, object target)
    {
        var list = self.HeldLocks;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(list[i].Target, target)) continue;
            var count = list[i].Count;
            Recycle(list, i);
            return count;
        }
        return 0;
    }

    private static void Recycle(List<HeldLock> list, int index)
    {
        var entry = list[index];
        list.RemoveAt(index);
        entry.Target = s_none;
        entry.Count = 0;
        t_spare = entry;
    }
}
