namespace Ferry.Runtime.Capture;

/// <summary>
/// The bottom frame of every app thread. It runs the thread's entry, and when the entry returns
/// because the thread is unwinding, hands the frames to the barrier and goes back in to rebuild.
/// </summary>
public static class ThreadTrampoline
{
    [ThreadTrampoline]
    public static void Run(AppThread thread)
    {
        FrameStack.Current = thread;
        thread.Thread = Thread.CurrentThread;
        // Restored from an image (only then does a record come with held locks or frames to this first
        // entry): it owns its monitors and Locks again, and a thread that was in Monitor.Wait is back in
        // that queue, before any app code runs anywhere. Once: a rebuild in place keeps them held.
        if (thread.ReacquireLocks || thread.HeldLocks.Count > 0 || thread.Frames.Count > 0)
        {
            thread.ReacquireLocks = false;
            Threading.MonitorShims.Reacquire(thread);
        }
        var enteredOnce = thread.Frames.Count > 0;
        while (true)
        {
            // A thread started while a checkpoint is parking threads parks here, with nothing saved.
            if (!enteredOnce && CaptureBarrier.Requested && thread.Mode == ThreadMode.Running)
                CaptureBarrier.Park(thread);
            if (thread.Mode == ThreadMode.Capturing)
            {
                CaptureBarrier.Unwound(thread);
                continue;
            }
            enteredOnce = true;
            CaptureBarrier.Entering(thread);
            var result = Invoke(thread);
            if (thread.Mode == ThreadMode.Capturing)
            {
                CaptureBarrier.Unwound(thread);
                continue;
            }
            thread.Result = result;
            break;
        }
        AppThreads.MarkFinished(thread);
    }

    // Part of the trampoline: stack inspection must stop here too, or no entry could ever park.
    [ThreadTrampoline]
    private static object? Invoke(AppThread thread)
    {
        var argument = thread.EntryArgument;
        switch (thread.Entry)
        {
            case ThreadStart start: start(); return null;
            case ParameterizedThreadStart start: start(argument); return null;
            case Action action: action(); return null;
            case Func<int> func: return func();
            case Func<string[], int> main: return main((string[])argument!);
            case Action<string[]> main: main((string[])argument!); return null;
            case Func<object?> func: return func();
            case WaitCallback callback: callback(argument); return null;
            default: return thread.Entry.DynamicInvoke(argument is null ? null : new[] { argument });
        }
    }
}
