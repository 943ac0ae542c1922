using System.Net;
using System.Net.Sockets;
using System.Text;
using Ferry.Abstractions.Environments;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Interception;
using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// The resources of the <see cref="ResourceTable"/> in an image: file streams and the text readers and
/// writers over them, listening sockets and timers are written as references and re-created on restore
/// through the view current then (so a restore into another environment re-maps them). Anything that
/// cannot be re-created (an open connection, a reader stopped inside a character) refuses the
/// checkpoint with one line naming it. One instance per image read (it unifies streams by id).
/// </summary>
internal sealed class ResourceSurrogates
{
    private readonly Dictionary<long, FileStream> _streams = new();
    private readonly ConnectionSurrogates _connections = new();

    public static bool Handles(Type type) =>
        typeof(FileStream).IsAssignableFrom(type) || typeof(StreamReader).IsAssignableFrom(type) || typeof(StreamWriter).IsAssignableFrom(type)
        || type == typeof(Timer) || typeof(TcpListener).IsAssignableFrom(type) || typeof(Socket).IsAssignableFrom(type)
        || typeof(TcpClient).IsAssignableFrom(type) || typeof(UdpClient).IsAssignableFrom(type) || typeof(NetworkStream).IsAssignableFrom(type);

    public static object? Substitute(object value) => (object?)ConnectionSurrogates.Substitute(value) ?? value switch
    {
        FileStream stream => FileReference(stream, 0),
        StreamReader reader => Reader(reader),
        StreamWriter writer => Writer(writer),
        Timer timer => Timer(timer),
        TcpListener listener => Listener(listener),
        Socket socket => Socket(socket),
        TcpClient client when client.Client is null => new ListenerReference { Kind = 3, Disposed = true },
        TcpClient client => throw Connection($"a TcpClient connected to {Describe(client.Client.RemoteEndPoint)}"),
        UdpClient => throw Connection("a UdpClient"),
        NetworkStream network => throw Connection($"a NetworkStream over {Describe(network.Socket.RemoteEndPoint)}"),
        _ => null,
    };

    private static string Describe(EndPoint? endPoint) => endPoint?.ToString() ?? "an unconnected socket";

    private static CaptureFailedException Connection(string what) =>
        new($"the app holds an open network connection ({what}); only connections through the node's front can be captured");

    private static bool IsClosed(FileStream stream) => !stream.CanRead && !stream.CanWrite;

    private static FileStreamReference FileReference(FileStream stream, int text)
    {
        if (IsClosed(stream)) return new FileStreamReference { Disposed = true, Text = text };
        var record = ResourceTable.FindFile(stream) ?? Adopt(stream);
        if (!stream.CanSeek)
            throw new CaptureFailedException($"the app holds a FileStream on {record.InsidePath} that cannot seek (a pipe or device); it cannot be captured");
        if (stream.CanWrite) stream.Flush();
        return new FileStreamReference
        {
            Id = record.Id,
            InsidePath = record.InsidePath,
            Mode = (int)record.Mode,
            Access = (int)record.Access,
            Share = (int)record.Share,
            Options = (int)record.Options,
            BufferSize = record.BufferSize,
            Position = stream.Position,
            Text = text,
        };
    }

    /// <summary>A stream opened where Ferry did not see it (a framework call on a host path): recorded from what it says about itself.</summary>
    private static OpenFileRecord Adopt(FileStream stream)
    {
        var access = stream.CanRead && stream.CanWrite ? FileAccess.ReadWrite : stream.CanWrite ? FileAccess.Write : FileAccess.Read;
        var inside = EnvironmentViews.Current.ToInsidePath(stream.Name);
        return ResourceTable.AddFile(stream, inside, FileMode.Open, access, FileShare.ReadWrite, FileStreamShims.DefaultBufferSize, FileOptions.None);
    }

    private static FileStreamReference Reader(StreamReader reader)
    {
        switch (reader.BaseStream)
        {
            case null:
                return new FileStreamReference { Disposed = true, Text = 1 };
            case FileStream stream when IsClosed(stream):
                return new FileStreamReference { Disposed = true, Text = 1 };
            case FileStream stream:
                var reference = FileReference(stream, 1);
                reference.Position = StreamReaderState.LogicalPosition(reader, stream)
                    ?? throw new CaptureFailedException($"a StreamReader on {reference.InsidePath} is inside a multi-byte character; it cannot be captured at this point");
                reference.CodePage = reader.CurrentEncoding.CodePage;
                reference.EncodingPreamble = reader.CurrentEncoding.Preamble.Length > 0;
                return reference;
            case NetworkStream network:
                throw Connection($"a StreamReader over a NetworkStream to {Describe(network.Socket.RemoteEndPoint)}");
            case var other:
                throw new CaptureFailedException($"the app holds a StreamReader over a {other.GetType().Name}; only readers over files can be captured");
        }
    }

    private static FileStreamReference Writer(StreamWriter writer)
    {
        switch (writer.BaseStream)
        {
            case null:
                return new FileStreamReference { Disposed = true, Text = 2 };
            case FileStream stream when IsClosed(stream):
                return new FileStreamReference { Disposed = true, Text = 2 };
            case FileStream stream:
                writer.Flush();
                var reference = FileReference(stream, 2);
                reference.CodePage = writer.Encoding.CodePage;
                reference.EncodingPreamble = writer.Encoding.Preamble.Length > 0;
                reference.AutoFlush = writer.AutoFlush;
                reference.NewLine = writer.NewLine;
                return reference;
            case NetworkStream network:
                throw Connection($"a StreamWriter over a NetworkStream to {Describe(network.Socket.RemoteEndPoint)}");
            case var other:
                throw new CaptureFailedException($"the app holds a StreamWriter over a {other.GetType().Name}; only writers over files can be captured");
        }
    }

    private static TimerReference Timer(Timer timer)
    {
        var record = ResourceTable.FindTimer(timer)
            ?? throw new CaptureFailedException("the app holds a Timer Ferry did not create; it cannot be captured");
        lock (record)
        {
            var due = record.RemainingDueMs();
            if (!record.Disposed)
            {
                // Disposal through IDisposable is not intercepted: a disposed timer refuses Change.
                try
                {
                    if (!timer.Change(due, record.PeriodMs)) record.Disposed = true;
                }
                catch (ObjectDisposedException)
                {
                    record.Disposed = true;
                }
            }
            return new TimerReference
            {
                Callback = record.Callback,
                State = record.State,
                DueMs = due,
                PeriodMs = record.PeriodMs,
                PendingFires = record.PendingFires,
                Disposed = record.Disposed,
            };
        }
    }

    private static ListenerReference Listener(TcpListener listener)
    {
        var record = ResourceTable.FindListener(listener)
            ?? throw new CaptureFailedException("the app holds a TcpListener Ferry did not create; it cannot be captured");
        return new ListenerReference { Kind = 1, InsidePort = record.InsidePort, Address = record.Address, Listening = record.Listening, Backlog = record.Backlog };
    }

    private static ListenerReference Socket(Socket socket)
    {
        if (socket.SafeHandle.IsClosed) return new ListenerReference { Kind = 2, Disposed = true };
        if (ResourceTable.FindSocket(socket) is { Listening: true } record)
            return new ListenerReference { Kind = 2, InsidePort = record.InsidePort, Address = record.Address, Listening = true, Backlog = record.Backlog };
        if (socket.Connected) throw Connection($"a Socket connected to {Describe(socket.RemoteEndPoint)}");
        throw new CaptureFailedException("the app holds a Socket that is neither listening nor closed; it cannot be captured");
    }

    public object? Resolve(object surrogate) => surrogate switch
    {
        FileStreamReference file => ResolveFile(file),
        ListenerReference listener => ResolveListener(listener),
        TimerReference timer => ResolveTimer(timer),
        ConnectionReference connection => _connections.Resolve(connection),
        _ => null,
    };

    /// <summary>The graph is whole: restored connections start.</summary>
    public void GraphRead() => _connections.GraphRead();

    private object ResolveFile(FileStreamReference r)
    {
        if (r.Disposed) return DisposedFile(r.Text);
        if (!_streams.TryGetValue(r.Id, out var stream))
        {
            var record = new OpenFileRecord
            {
                InsidePath = r.InsidePath,
                Mode = (FileMode)r.Mode,
                Access = (FileAccess)r.Access,
                Share = (FileShare)r.Share,
                Options = (FileOptions)r.Options,
                BufferSize = r.BufferSize,
            };
            try
            {
                stream = FileStreamShims.Reopen(record, r.Position);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ImageMismatchException($"cannot reopen {r.InsidePath}, which the app had open: {e.Message}");
            }
            _streams[r.Id] = stream;
        }
        else if (r.Text != 0 && stream.CanSeek)
        {
            stream.Seek(r.Position, SeekOrigin.Begin);
        }
        switch (r.Text)
        {
            case 1:
                // A restored reader starts at its logical position: no byte order mark is looked for there.
                return new StreamReader(stream, EncodingFor(r.CodePage, r.EncodingPreamble && r.Position == 0), detectEncodingFromByteOrderMarks: false);
            case 2:
                var writer = new StreamWriter(stream, EncodingFor(r.CodePage, r.EncodingPreamble)) { AutoFlush = r.AutoFlush, NewLine = r.NewLine };
                ResourceTable.AddWriter(writer);
                return writer;
            default:
                return stream;
        }
    }

    internal static Encoding EncodingFor(int codePage, bool preamble) => codePage switch
    {
        65001 => new UTF8Encoding(preamble),
        1200 => new UnicodeEncoding(bigEndian: false, byteOrderMark: preamble),
        1201 => new UnicodeEncoding(bigEndian: true, byteOrderMark: preamble),
        12000 => new UTF32Encoding(bigEndian: false, byteOrderMark: preamble),
        _ => Encoding.GetEncoding(codePage),
    };

    /// <summary>A closed stream, reader or writer: the app gets ObjectDisposedException from it as before.</summary>
    private static object DisposedFile(int text)
    {
        var stream = new FileStream("/dev/null", FileMode.Open, FileAccess.Read);
        stream.Dispose();
        if (text == 0) return stream;
        if (text == 1)
        {
            var reader = new StreamReader(Stream.Null);
            reader.Dispose();
            return reader;
        }
        var writer = new StreamWriter(Stream.Null);
        writer.Dispose();
        return writer;
    }

    private static object ResolveListener(ListenerReference r)
    {
        switch (r.Kind)
        {
            case 3:
                var client = new TcpClient();
                client.Dispose();
                return client;
            case 1:
                var listener = NetworkShims.NewTcpListener(IPAddress.Parse(r.Address), r.InsidePort);
                if (r.Listening)
                {
                    listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    NetworkShims.Start(listener, r.Backlog);
                }
                return listener;
            default:
                if (r.Disposed)
                {
                    var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    closed.Dispose();
                    return closed;
                }
                var address = IPAddress.Parse(r.Address);
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                NetworkShims.Bind(socket, new IPEndPoint(address, r.InsidePort));
                NetworkShims.Listen(socket, r.Backlog);
                return socket;
        }
    }

    private static object ResolveTimer(TimerReference r)
    {
        if (r.Disposed || r.Callback is null)
        {
            var disposed = new Timer(static _ => { });
            disposed.Dispose();
            return disposed;
        }
        var record = new TimerRecord { Callback = r.Callback, State = r.State, PeriodMs = r.PeriodMs, PendingFires = r.PendingFires };
        return TimerShims.Restored(record, r.DueMs);
    }
}
