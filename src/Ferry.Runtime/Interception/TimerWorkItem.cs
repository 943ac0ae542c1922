using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Interception;

/// <summary>One fire of an app timer: its callback runs on an app thread of its own, like a thread-pool work item.</summary>
public sealed class TimerWorkItem : FerryWorkItem
{
    public TimerCallback Callback;
    public object? State;

    public TimerWorkItem(TimerCallback callback, object? state)
    {
        Callback = callback;
        State = state;
    }

    [Capturable]
    internal override void Execute() => Callback(State);
}
