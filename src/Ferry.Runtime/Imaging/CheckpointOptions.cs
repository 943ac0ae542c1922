namespace Ferry.Runtime.Imaging;

/// <summary>How to take a checkpoint.</summary>
/// <param name="BarrierTimeout">How long to wait for every thread to reach a capturable safe point.</param>
/// <param name="LeaveRunning">Rebuild the threads in place and go on (else the caller stops the process).</param>
public sealed record CheckpointOptions(TimeSpan BarrierTimeout, bool LeaveRunning)
{
    public static readonly TimeSpan DefaultBarrierTimeout = TimeSpan.FromSeconds(10);

    public static CheckpointOptions Default { get; } = new(DefaultBarrierTimeout, false);
}
