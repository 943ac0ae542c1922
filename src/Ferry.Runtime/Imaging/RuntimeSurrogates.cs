using System.Diagnostics.CodeAnalysis;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Objects the app may hold that only make sense in one process: Thread objects (restored as the
/// new Thread of the same app thread), the console streams (restored as the new process's), and the
/// resources of <see cref="Resources.ResourceTable"/> (files, listening sockets, timers; see <see cref="ResourceSurrogates"/>).
/// </summary>
public sealed class RuntimeSurrogates : IObjectSurrogates
{
    private readonly Func<int, Thread>? _threadForId;
    private readonly ResourceSurrogates _resources = new();

    /// <summary>Task records resolved during a read: their fields are read after their Task is handed out.</summary>
    private readonly List<FerryTask> _restoredTasks = new();

    /// <param name="threadForId">On restore: the Thread object for an app thread id.</param>
    public RuntimeSurrogates(Func<int, Thread>? threadForId = null) => _threadForId = threadForId;

    public bool Handles(Type type) =>
        typeof(Thread).IsAssignableFrom(type) || typeof(TextWriter).IsAssignableFrom(type) || typeof(TextReader).IsAssignableFrom(type)
        || typeof(Task).IsAssignableFrom(type) || type == typeof(Lock) || ResourceSurrogates.Handles(type);

    public bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate)
    {
        switch (value)
        {
            case Thread thread:
                var record = ThreadShims.Find(thread)
                    ?? throw new CaptureFailedException($"the app holds a Thread Ferry did not start ('{thread.Name}'); it cannot be captured");
                surrogate = new ThreadReference { Id = record.Id };
                return true;
            case Task task:
                if (!TaskShims.TryGetRecord(task, out var taskRecord))
                    throw new CaptureFailedException("the app holds a Task Ferry did not start (an async operation or a TaskCompletionSource); it cannot be captured yet");
                surrogate = new TaskReference { Record = taskRecord };
                return true;
            case Lock:
                surrogate = new LockReference();
                return true;
            case TextReader reader when ReferenceEquals(reader, Console.In):
                surrogate = new ConsoleReference { Stream = 0 };
                return true;
            case TextWriter writer when ReferenceEquals(writer, Console.Out):
                surrogate = new ConsoleReference { Stream = 1 };
                return true;
            case TextWriter writer when ReferenceEquals(writer, Console.Error):
                surrogate = new ConsoleReference { Stream = 2 };
                return true;
            default:
                // Files, listening sockets and timers the app opened (see ResourceTable).
                surrogate = ResourceSurrogates.Substitute(value);
                return surrogate is not null;
        }
    }

    private Task RestoreTask(FerryTask record)
    {
        _restoredTasks.Add(record);
        return TaskShims.GetTask(record);
    }

    /// <summary>Every task record is whole now: complete the Tasks of those the image says were done.</summary>
    public void GraphRead()
    {
        foreach (var record in _restoredTasks) TaskShims.SettleRestored(record);
        _restoredTasks.Clear();
        _resources.GraphRead();
    }

#pragma warning disable CS9216 // the Lock is only handed to the graph as an object; the app locks it as a Lock
    private static object NewLock() => new Lock();
#pragma warning restore CS9216

    public object Resolve(object surrogate) => surrogate switch
    {
        ThreadReference t => _threadForId?.Invoke(t.Id) ?? throw new ImageMismatchException("thread reference outside a restore"),
        TaskReference t => RestoreTask(t.Record),
        LockReference => NewLock(),
        ConsoleReference { Stream: 0 } => Console.In,
        ConsoleReference { Stream: 1 } => Console.Out,
        ConsoleReference { Stream: 2 } => Console.Error,
        _ => _resources.Resolve(surrogate) ?? throw new ImageMismatchException($"unknown surrogate {surrogate.GetType().Name}"),
    };
}
