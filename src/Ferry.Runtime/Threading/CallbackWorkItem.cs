using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>ThreadPool.QueueUserWorkItem(WaitCallback[, state]). An exception ends the process, as on the CLR pool.</summary>
public sealed class CallbackWorkItem : FerryWorkItem
{
    public WaitCallback Callback;
    public object? State;

    public CallbackWorkItem(WaitCallback callback, object? state)
    {
        Callback = callback;
        State = state;
    }

    [Capturable]
    internal override void Execute() => Callback(State);
}
