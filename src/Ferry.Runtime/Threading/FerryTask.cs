namespace Ferry.Runtime.Threading;

/// <summary>
/// What an image keeps of a Task that Ferry runs (Task.Run, Task.Factory.StartNew): plain data, no Task
/// inside. The Task object the app holds is completed through a TaskCompletionSource that Ferry owns;
/// the image writer stands this record in for the Task (<see cref="TaskShims.TryGetRecord"/>) and the
/// restorer gets a Task back for it (<see cref="TaskShims.GetTask"/>). Its monitor is what threads
/// blocked in Task.Wait wait on.
/// </summary>
public class FerryTask
{
    public int Id;
    public volatile FerryTaskStatus Status;

    /// <summary>What the work item threw (Faulted).</summary>
    public Exception? Exception;

    public bool IsDone => Status != FerryTaskStatus.Pending;

    /// <summary>The source that completes the app's Task (the Task itself is its <c>.Task</c>).</summary>
    internal virtual object CreateSource() => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    internal virtual Task TaskOf(object source) => ((TaskCompletionSource)source).Task;

    /// <summary>Complete the app's Task as this record says (Exception null: success).</summary>
    internal virtual void Settle(object source)
    {
        var tcs = (TaskCompletionSource)source;
        if (Exception is null) tcs.TrySetResult();
        else tcs.TrySetException(Exception);
    }

    public override string ToString() => $"task {Id} ({Status})";
}
