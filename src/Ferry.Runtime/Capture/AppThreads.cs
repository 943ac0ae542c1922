namespace Ferry.Runtime.Capture;

/// <summary>The registry of app threads: every thread Ferry started for the app, by stable id.</summary>
public static class AppThreads
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<int, AppThread> s_threads = new();
    private static int s_nextId;

    /// <summary>Threads started and not finished; the barrier waits for this many.</summary>
    internal static int LiveCount
    {
        get
        {
            lock (s_lock) return s_live;
        }
    }

    private static int s_live;

    public static AppThread[] Snapshot()
    {
        lock (s_lock) return s_threads.Values.OrderBy(t => t.Id).ToArray();
    }

    public static AppThread? Find(int id)
    {
        lock (s_lock) return s_threads.GetValueOrDefault(id);
    }

    /// <summary>Find the record of a Thread object the app holds.</summary>
    public static AppThread? Find(Thread thread)
    {
        lock (s_lock)
            foreach (var t in s_threads.Values)
                if (ReferenceEquals(t.AppVisibleThread, thread) || ReferenceEquals(t.Thread, thread))
                    return t;
        return null;
    }

    /// <summary>Create the record of a new app thread (not started).</summary>
    public static AppThread Create(Delegate entry, object? argument, string? name, bool isBackground, int id = 0)
    {
        lock (s_lock)
        {
            if (id == 0) id = ++s_nextId;
            else s_nextId = Math.Max(s_nextId, id);
            var thread = new AppThread
            {
                Id = id,
                Entry = entry,
                EntryArgument = argument,
                Name = name,
                IsBackground = isBackground,
                State = AppThreadState.Unstarted,
            };
            s_threads[id] = thread;
            return thread;
        }
    }

    internal static void MarkStarted(AppThread thread)
    {
        lock (s_lock)
        {
            if (thread.State != AppThreadState.Unstarted) throw new ThreadStateException("Thread is running or terminated; it cannot restart.");
            thread.State = AppThreadState.Running;
            s_live++;
        }
    }

    /// <summary>Restore: a thread that was running in the image counts as live from the start.</summary>
    internal static void MarkRestoredRunning(AppThread thread)
    {
        lock (s_lock)
        {
            thread.State = AppThreadState.Running;
            s_live++;
        }
    }

    internal static void MarkFinished(AppThread thread)
    {
        lock (s_lock)
        {
            thread.State = AppThreadState.Finished;
            s_live--;
        }
        // The barrier may be waiting for this thread to park.
        lock (CaptureBarrier.Sync) Monitor.PulseAll(CaptureBarrier.Sync);
        lock (thread.Sync) Monitor.PulseAll(thread.Sync);
    }

    /// <summary>Drop a finished thread nobody can name any more (a thread-pool work item).</summary>
    internal static void Forget(AppThread thread)
    {
        lock (s_lock)
            if (thread.State == AppThreadState.Finished && s_threads.GetValueOrDefault(thread.Id) == thread)
                s_threads.Remove(thread.Id);
    }

    /// <summary>Forget every thread (a fresh process restoring an image starts from an empty registry).</summary>
    internal static void Clear()
    {
        lock (s_lock)
        {
            s_threads.Clear();
            s_live = 0;
            s_nextId = 0;
        }
    }
}
