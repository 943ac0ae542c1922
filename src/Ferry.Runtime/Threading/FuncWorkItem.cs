using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>Task.Run&lt;T&gt;(Func&lt;T&gt;) / Task.Factory.StartNew&lt;T&gt;(Func&lt;T&gt;): completes its <see cref="FerryTask{T}"/> with the result.</summary>
public sealed class FuncWorkItem<T> : FerryWorkItem
{
    public Func<T> Function;
    public FerryTask<T> Task;

    public FuncWorkItem(Func<T> function, FerryTask<T> task)
    {
        Function = function;
        Task = task;
    }

    [Capturable]
    internal override void Execute()
    {
        T result;
        try
        {
            result = Function();
        }
        catch (Exception e) when (e is not ImageMismatchException)
        {
            TaskRecords.Complete(Task, e);
            return;
        }
        if (Unwinding()) return;
        Task.Result = result;
        TaskRecords.Complete(Task, null);
    }
}
