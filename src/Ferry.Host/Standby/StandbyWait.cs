namespace Ferry.Host.Standby;

/// <summary>
/// A standby host between its start and its go: the main thread waits here for the app a <c>standby-go</c>
/// request starts (on a control thread); rounds, the go and an abort take <see cref="Lock"/>, one at a time.
/// </summary>
internal sealed class StandbyWait
{
    private readonly TaskCompletionSource<Func<int>> _app = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Held by whichever standby request is being served.</summary>
    public Lock Lock { get; } = new();

    /// <summary>True until a go has started the app or the standby has ended (aborted, failed).</summary>
    public bool IsWaiting { get; private set; } = true;

    /// <summary>The go started the app: the main thread goes on with <paramref name="waitForExit"/>.</summary>
    public void Started(Func<int> waitForExit)
    {
        IsWaiting = false;
        _app.SetResult(waitForExit);
    }

    /// <summary>The standby ends without the app (the process exits on the control thread).</summary>
    public void Ended() => IsWaiting = false;

    /// <summary>The main thread: wait for the go, then for the app's exit code.</summary>
    public int WaitAndRun() => _app.Task.GetAwaiter().GetResult()();
}
