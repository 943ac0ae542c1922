namespace Ferry.Runtime.Imaging;

/// <summary>How to take a checkpoint.</summary>
/// <param name="BarrierTimeout">How long to wait for every thread to reach a capturable safe point.</param>
/// <param name="LeaveRunning">Rebuild the threads in place and go on (else the caller stops the process).</param>
/// <param name="ToBackend">
/// Fronted connections: per front connection id, how many bytes of the client's the front has sent (its pause
/// offsets); the image holds each connection stopped at exactly that byte. A connection not named: what has arrived.
/// </param>
public sealed record CheckpointOptions(TimeSpan BarrierTimeout, bool LeaveRunning, IReadOnlyDictionary<ulong, long>? ToBackend = null)
{
    public static readonly TimeSpan DefaultBarrierTimeout = TimeSpan.FromSeconds(10);

    public static CheckpointOptions Default { get; } = new(DefaultBarrierTimeout, false);
}
