using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Replacements for ThreadPool.QueueUserWorkItem in app code. Work items do not go to the CLR pool:
/// each runs as an app thread (see <see cref="WorkerThreads"/>), so a checkpoint can park and capture it.
/// </summary>
public static class ThreadPoolShims
{
    public static bool QueueUserWorkItem(WaitCallback callBack) => QueueUserWorkItem(callBack, null);

    public static bool QueueUserWorkItem(WaitCallback callBack, object? state)
    {
        ArgumentNullException.ThrowIfNull(callBack);
        Start(new CallbackWorkItem(callBack, state));
        return true;
    }

    public static bool QueueUserWorkItem<TState>(Action<TState> callBack, TState state, bool preferLocal)
    {
        ArgumentNullException.ThrowIfNull(callBack);
        Start(new StateWorkItem<TState>(callBack, state));
        return true;
    }

    /// <summary>Run a work item on an app thread of its own (a background thread, as pool threads are).</summary>
    internal static void Start(FerryWorkItem item)
    {
        var record = AppThreads.Create(new ParameterizedThreadStart(RunWorkItem), item, name: null, isBackground: true);
        WorkerThreads.Start(record);
    }

    /// <summary>The entry of every work item's thread; it keeps no frame (the item is the thread's entry argument).</summary>
    [Capturable]
    internal static void RunWorkItem(object? item) => ((FerryWorkItem)item!).Execute();

    /// <summary>Whether a thread of an image is a work item (restore it with <see cref="StartRestored"/>, or as any thread).</summary>
    public static bool IsWorkItem(AppThread thread) => thread.EntryArgument is FerryWorkItem;

    /// <summary>
    /// Restore: start a work item's thread that was running in the image on a pool worker (instead of
    /// ThreadShims.Materialize + Start, which also works). Call after CaptureBarrier.BeginRestore.
    /// </summary>
    public static void StartRestored(AppThread thread) => WorkerThreads.StartRestored(thread);
}
