using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>ThreadPool.QueueUserWorkItem&lt;TState&gt;(Action&lt;TState&gt;, state, preferLocal).</summary>
public sealed class StateWorkItem<TState> : FerryWorkItem
{
    public Action<TState> Callback;
    public TState State;

    public StateWorkItem(Action<TState> callback, TState state)
    {
        Callback = callback;
        State = state;
    }

    [Capturable]
    internal override void Execute() => Callback(State);
}
