namespace Ferry.Runtime.Threading;

/// <summary>A <see cref="FerryTask"/> with a result: stands for a <c>Task&lt;T&gt;</c>.</summary>
public sealed class FerryTask<T> : FerryTask
{
    public T Result = default!;

    internal override object CreateSource() => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

    internal override Task TaskOf(object source) => ((TaskCompletionSource<T>)source).Task;

    internal override void Settle(object source)
    {
        var tcs = (TaskCompletionSource<T>)source;
        if (Exception is null) tcs.TrySetResult(Result);
        else tcs.TrySetException(Exception);
    }
}
