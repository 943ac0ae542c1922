using System.Net.Sockets;

namespace Ferry.Node.Front;

/// <summary>
/// One TCP connection from the front to an instance. A connection's leg is replaced when its instance
/// moves; the old leg is then <see cref="Retired"/>, so its end (the source going away) is not taken for
/// the app closing the connection.
/// </summary>
internal sealed class BackendLeg(Socket socket) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    public Socket Socket { get; } = socket;
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Retired { get; private set; }

    /// <summary>
    /// Completes when the instance has taken the connection (its ack after the preamble) — or when the leg
    /// is retired, so that nobody waits on a leg that is gone.
    /// </summary>
    public Task Accepted => _accepted.Task;

    public void MarkAccepted() => _accepted.TrySetResult();
    public CancellationToken Stopping => _stop.Token;

    public void Retire()
    {
        Retired = true;
        _accepted.TrySetResult();
        if (Volatile.Read(ref _disposed) == 0) _stop.Cancel();
    }

    /// <summary>Idempotent: a failing pump and the connection's own disposal may both end the leg.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Retired = true;
        _accepted.TrySetResult();
        _stop.Cancel();
        Socket.Dispose();
        _stop.Dispose();
    }
}
