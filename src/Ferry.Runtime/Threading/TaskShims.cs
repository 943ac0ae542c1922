using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Replacements for Task.Run / Task.Factory.StartNew with synchronous bodies, and for the blocking
/// waits on tasks (Wait, WaitAll, WaitAny, Result, GetAwaiter().GetResult()).
/// A task body runs as a work item on an app thread of its own (<see cref="ThreadPoolShims"/>); the Task
/// the app gets is completed by Ferry through a TaskCompletionSource, and the image stands a
/// <see cref="FerryTask"/> record in for it. Waiting on such a task is a safe point that follows the
/// frame protocol. A wait on a task Ferry did not start (Task.Delay, a TaskCompletionSource of the app,
/// framework I/O) still works, but blocks plainly: a checkpoint cannot park the thread until it ends.
/// </summary>
public static class TaskShims
{
    internal const string WaitFrame = "Task.Wait";
    internal const string WaitAllFrame = "Task.WaitAll";
    internal const string WaitAnyFrame = "Task.WaitAny";

    public static Task Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var record = new FerryTask();
        var task = TaskRecords.Start<Task>(record);
        ThreadPoolShims.Start(new ActionWorkItem(action, record));
        return task;
    }

    public static Task<TResult> Run<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var record = new FerryTask<TResult>();
        var task = TaskRecords.Start<Task<TResult>>(record);
        ThreadPoolShims.Start(new FuncWorkItem<TResult>(function, record));
        return task;
    }

    /// <summary>Task.Factory.StartNew(Action); a factory with its own scheduler or token is left to the TPL.</summary>
    public static Task StartNew(TaskFactory factory, Action action) => IsPlain(factory) ? Run(action) : factory.StartNew(action);

    public static Task<TResult> StartNew<TResult>(TaskFactory factory, Func<TResult> function) =>
        IsPlain(factory) ? Run(function) : factory.StartNew(function);

    private static bool IsPlain(TaskFactory factory) =>
        !factory.CancellationToken.CanBeCanceled && (factory.Scheduler is null || factory.Scheduler == TaskScheduler.Default);

    // ---- the image's view of tasks ----

    /// <summary>Capture: the record that stands for a Task in the image (false: a task Ferry did not start).</summary>
    public static bool TryGetRecord(Task task, out FerryTask record) => TaskRecords.TryGetRecord(task, out record);

    /// <summary>
    /// Restore: the Task for a record of the image: the same Task for the same record every time; it is
    /// completed already if the record is, else when its work item (a restored thread) finishes.
    /// Call while the image is being read, before the restored threads start; call
    /// <see cref="SettleRestored"/> once the record's own fields are read.
    /// </summary>
    public static Task GetTask(FerryTask record) => TaskRecords.GetOrCreateTask(record);

    /// <summary>
    /// Restore: the record's fields are filled in now. An image reader resolves a task before the record
    /// it names is read (<see cref="Ferry.Images.Graph.IObjectSurrogates.Resolve"/>), so
    /// <see cref="GetTask"/> saw it as pending; this completes the Task if the image says it was done.
    /// </summary>
    public static void SettleRestored(FerryTask record) => TaskRecords.Settle(record);

    // ---- waits ----

    [Capturable]
    public static void Wait(Task task)
    {
        if (WaitCore(ref task, Timeout.Infinite) == WaitOutcome.Capturing) return;
        task.Wait(); // complete: returns, or throws as Task.Wait does
    }

    [Capturable]
    public static bool Wait(Task task, int millisecondsTimeout) =>
        WaitCore(ref task, millisecondsTimeout) == WaitOutcome.Completed && task.Wait(0);

    [Capturable]
    public static bool Wait(Task task, TimeSpan timeout) => Wait(task, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    /// <summary>Task&lt;T&gt;.Result.</summary>
    [Capturable]
    public static TResult Result<TResult>(Task<TResult> task)
    {
        Task waited = task;
        if (WaitCore(ref waited, Timeout.Infinite) == WaitOutcome.Capturing) return default!;
        return ((Task<TResult>)waited).Result;
    }

    /// <summary>TaskAwaiter.GetResult() (task.GetAwaiter().GetResult()): the awaiter comes by reference, as the receiver of a struct method.</summary>
    [Capturable]
    public static void GetResult(ref TaskAwaiter awaiter)
    {
        var task = TaskAwaiterFields.TaskOf(ref awaiter);
        if (WaitCore(ref task, Timeout.Infinite) == WaitOutcome.Capturing) return;
        task.GetAwaiter().GetResult();
    }

    [Capturable]
    public static TResult GetResult<TResult>(ref TaskAwaiter<TResult> awaiter)
    {
        Task waited = TaskAwaiterFields.Of<TResult>.TaskOf(ref awaiter);
        if (WaitCore(ref waited, Timeout.Infinite) == WaitOutcome.Capturing) return default!;
        return ((Task<TResult>)waited).GetAwaiter().GetResult();
    }

    /// <summary>Wait for one task. Frame: [task, remaining ticks (-1 = none)]; on rebuild the task comes back through <paramref name="task"/>.</summary>
    [Capturable]
    private static WaitOutcome WaitCore(ref Task task, int millisecondsTimeout)
    {
        long deadline;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(WaitFrame);
            task = (Task)frame.Slots[0]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[1]!);
        }
        else
        {
            if (task.IsCompleted) return WaitOutcome.Completed; // a null task throws here, as the instance call would
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
        }

        var self = FrameStack.Current;
        if (self is null || !TaskRecords.TryGetRecord(task, out var record)) return WaitUnmanaged(task, deadline);
        var outcome = AwaitRecord(self, record, deadline);
        if (outcome == WaitOutcome.Capturing)
            FrameStack.Push(Frame.Create(WaitFrame, 0, 2).Set(0, task).Set(1, Deadline.Remaining(deadline)));
        return outcome;
    }

    [Capturable]
    public static void WaitAll(Task[] tasks)
    {
        if (WaitAllCore(ref tasks, Timeout.Infinite) == WaitOutcome.Capturing) return;
        Task.WaitAll(tasks); // all complete: throws the aggregate of their exceptions, if any
    }

    [Capturable]
    public static bool WaitAll(Task[] tasks, int millisecondsTimeout) =>
        WaitAllCore(ref tasks, millisecondsTimeout) == WaitOutcome.Completed && Task.WaitAll(tasks, 0);

    [Capturable]
    public static bool WaitAll(Task[] tasks, TimeSpan timeout) => WaitAll(tasks, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    /// <summary>Task.WaitAll(params ReadOnlySpan&lt;Task&gt;) (what C# 13 binds <c>Task.WaitAll(a, b)</c> to). On rebuild the span is ignored.</summary>
    [Capturable]
    public static void WaitAll(ReadOnlySpan<Task> tasks) => WaitAll(tasks.ToArray());

    /// <summary>Wait for every task, in order. Frame: [tasks, index of the one waited on, remaining ticks].</summary>
    [Capturable]
    private static WaitOutcome WaitAllCore(ref Task[] tasks, int millisecondsTimeout)
    {
        long deadline;
        int index;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(WaitAllFrame);
            tasks = (Task[])frame.Slots[0]!;
            index = (int)frame.Slots[1]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[2]!);
        }
        else
        {
            CheckTasks(tasks);
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            index = 0;
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
        }

        var self = FrameStack.Current;
        if (self is null || HasForeignPending(tasks))
        {
            try
            {
                return Task.WaitAll(tasks, Deadline.LeftMs(deadline)) ? WaitOutcome.Completed : WaitOutcome.TimedOut;
            }
            catch (AggregateException)
            {
                return WaitOutcome.Completed; // all done, some faulted: the caller rethrows as Task.WaitAll does
            }
        }
        for (; index < tasks.Length; index++)
        {
            if (tasks[index].IsCompleted) continue;
            TaskRecords.TryGetRecord(tasks[index], out var record);
            var outcome = AwaitRecord(self, record, deadline);
            if (outcome == WaitOutcome.Completed) continue;
            if (outcome == WaitOutcome.Capturing)
                FrameStack.Push(Frame.Create(WaitAllFrame, 0, 3).Set(0, tasks).Set(1, index).Set(2, Deadline.Remaining(deadline)));
            return outcome;
        }
        return WaitOutcome.Completed;
    }

    [Capturable]
    public static int WaitAny(Task[] tasks) => WaitAnyCore(tasks, Timeout.Infinite);

    [Capturable]
    public static int WaitAny(Task[] tasks, int millisecondsTimeout) => WaitAnyCore(tasks, millisecondsTimeout);

    [Capturable]
    public static int WaitAny(Task[] tasks, TimeSpan timeout) => WaitAnyCore(tasks, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    /// <summary>Index of the first completed task, -1 on timeout (or while unwinding). Frame: [tasks, remaining ticks].</summary>
    [Capturable]
    private static int WaitAnyCore(Task[] tasks, int millisecondsTimeout)
    {
        long deadline;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(WaitAnyFrame);
            tasks = (Task[])frame.Slots[0]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[1]!);
        }
        else
        {
            CheckTasks(tasks);
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            if (tasks.Length == 0) return Task.WaitAny(tasks, millisecondsTimeout);
            var done = FirstCompleted(tasks);
            if (done >= 0 || millisecondsTimeout == 0) return done;
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
        }

        var self = FrameStack.Current;
        if (self is null || HasForeignPending(tasks)) return Task.WaitAny(tasks, Deadline.LeftMs(deadline));

        // Any of several: a sync object of this call that every task pulses when it completes.
        var sync = new object();
        foreach (var task in tasks)
        {
            task.ContinueWith(static (_, s) =>
            {
                lock (s!) Monitor.PulseAll(s);
            }, sync, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var wait = new BlockingWait(sync);
        Func<bool> anyDone = () => FirstCompleted(tasks) >= 0;
        while (true)
        {
            var done = FirstCompleted(tasks);
            if (done >= 0) return done;
            var left = Deadline.LeftMs(deadline);
            if (left == 0) return -1;
            if (wait.Block(self, left, anyDone) == BlockOutcome.Capturing)
            {
                FrameStack.Push(Frame.Create(WaitAnyFrame, 0, 2).Set(0, tasks).Set(1, Deadline.Remaining(deadline)));
                return -1;
            }
        }
    }

    /// <summary>Block on a Ferry task's record until it is done, the deadline passes, or the thread must unwind.</summary>
    private static WaitOutcome AwaitRecord(AppThread self, FerryTask record, long deadline)
    {
        var wait = new BlockingWait(record);
        Func<bool> done = () => record.IsDone;
        while (!record.IsDone)
        {
            var left = Deadline.LeftMs(deadline);
            if (left == 0) return WaitOutcome.TimedOut;
            if (wait.Block(self, left, done) == BlockOutcome.Capturing) return WaitOutcome.Capturing;
        }
        return WaitOutcome.Completed;
    }

    private static WaitOutcome WaitUnmanaged(Task task, long deadline)
    {
        try
        {
            return task.Wait(Deadline.LeftMs(deadline)) ? WaitOutcome.Completed : WaitOutcome.TimedOut;
        }
        catch (AggregateException)
        {
            return WaitOutcome.Completed; // faulted or canceled: the caller throws as the real API does
        }
    }

    private static void CheckTasks(Task[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var task in tasks)
            if (task is null) throw new ArgumentException("The tasks array included at least one null element.", nameof(tasks));
    }

    /// <summary>A task still running that Ferry did not start: the wait cannot be a safe point.</summary>
    private static bool HasForeignPending(Task[] tasks)
    {
        foreach (var task in tasks)
            if (!task.IsCompleted && !TaskRecords.TryGetRecord(task, out _)) return true;
        return false;
    }

    private static int FirstCompleted(Task[] tasks)
    {
        for (var i = 0; i < tasks.Length; i++)
            if (tasks[i].IsCompleted) return i;
        return -1;
    }
}
