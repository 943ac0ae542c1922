using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Resources;

/// <summary>
/// Every resource the app opened through a shim that an image must be able to re-create: file streams
/// (with how they were opened), text writers over them (flushed before an image is written), listening
/// sockets and timers. Weak: the table never keeps a resource alive; what the app still references is
/// what an image holds, and the surrogates look its record up here.
/// </summary>
public static class ResourceTable
{
    private static readonly ConditionalWeakTable<FileStream, OpenFileRecord> s_files = new();
    private static readonly ConditionalWeakTable<StreamWriter, object> s_writers = new();
    private static readonly ConditionalWeakTable<TcpListener, ListenerRecord> s_listeners = new();
    private static readonly ConditionalWeakTable<Socket, ListenerRecord> s_sockets = new();
    private static readonly ConditionalWeakTable<Timer, TimerRecord> s_timers = new();
    private static long s_nextId;

    public static OpenFileRecord AddFile(FileStream stream, string insidePath, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
    {
        var record = new OpenFileRecord
        {
            Id = Interlocked.Increment(ref s_nextId),
            InsidePath = insidePath,
            Mode = mode,
            Access = access,
            Share = share,
            BufferSize = bufferSize,
            Options = options,
        };
        s_files.AddOrUpdate(stream, record);
        return record;
    }

    public static OpenFileRecord? FindFile(FileStream stream) => s_files.TryGetValue(stream, out var r) ? r : null;

    public static void AddWriter(StreamWriter writer) => s_writers.AddOrUpdate(writer, writer);

    public static ListenerRecord Listener(TcpListener listener) => s_listeners.GetValue(listener, static _ => new ListenerRecord());

    public static ListenerRecord? FindListener(TcpListener listener) => s_listeners.TryGetValue(listener, out var r) ? r : null;

    public static ListenerRecord Socket(Socket socket) => s_sockets.GetValue(socket, static _ => new ListenerRecord());

    public static ListenerRecord? FindSocket(Socket socket) => s_sockets.TryGetValue(socket, out var r) ? r : null;

    /// <summary>Every listener or bound socket still open (for mapping loopback connects to the app's own ports).</summary>
    public static IEnumerable<ListenerRecord> Listeners()
    {
        foreach (var entry in s_listeners) yield return entry.Value;
        foreach (var entry in s_sockets) yield return entry.Value;
    }

    /// <summary>Every TcpListener the app created through the shims, with its record.</summary>
    public static IEnumerable<KeyValuePair<TcpListener, ListenerRecord>> TcpListeners() => s_listeners;

    public static void AddTimer(Timer timer, TimerRecord record) => s_timers.AddOrUpdate(timer, record);

    public static TimerRecord? FindTimer(Timer timer) => s_timers.TryGetValue(timer, out var r) ? r : null;

    /// <summary>
    /// Before an image is written (every app thread is parked): push every writer's buffered text and
    /// every file stream's buffered bytes to the file, so a stream's position is where its data ends.
    /// </summary>
    public static void PrepareForCapture()
    {
        foreach (var entry in s_writers)
        {
            try
            {
                entry.Key.Flush();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        foreach (var entry in s_files)
        {
            try
            {
                if (entry.Key.CanWrite) entry.Key.Flush();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
