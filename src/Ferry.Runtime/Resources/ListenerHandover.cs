namespace Ferry.Runtime.Resources;

/// <summary>
/// Lets go of the app's listening ports while it is frozen after a checkpoint, and takes them back if it runs
/// on. A restore of the image elsewhere on the same host (another node, the same published port) can then
/// bind them while the frozen source is still held — the source ends or resumes only after the restore said
/// whether it runs. The TcpListener objects stay the app's: Stop closes the socket, Start binds a new one on the
/// same endpoint, and a thread that was waiting in Accept waits on the new one once rebuilt.
/// </summary>
public static class ListenerHandover
{
    private static readonly List<(System.Net.Sockets.TcpListener Listener, ListenerRecord Record)> s_released = [];

    /// <summary>Close every listening TcpListener (the app must be frozen).</summary>
    public static void Release()
    {
        lock (s_released)
        {
            foreach (var (listener, record) in ResourceTable.TcpListeners())
            {
                if (!record.Listening) continue;
                listener.Stop();
                s_released.Add((listener, record));
            }
        }
    }

    /// <summary>Bind again what <see cref="Release"/> closed; returns one line per port taken meanwhile (the app runs on without it).</summary>
    public static IReadOnlyList<string> Reacquire()
    {
        var problems = new List<string>();
        lock (s_released)
        {
            foreach (var (listener, record) in s_released)
            {
                try
                {
                    listener.Start(record.Backlog);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    problems.Add($"the listener on port {record.HostPort} could not be bound again: {e.Message}");
                }
            }
            s_released.Clear();
        }
        return problems;
    }
}
