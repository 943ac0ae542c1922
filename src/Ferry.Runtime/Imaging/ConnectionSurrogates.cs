using System.Net.Sockets;
using System.Text;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Connections;
using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Fronted connections in an image (docs/migration.md, "The front"): the app's client, socket, stream,
/// readers and writers over one are written as <see cref="ConnectionReference"/>s to its frozen
/// <see cref="ConnectionImage"/>, and restored over one new loopback pair per connection whose relay waits
/// for the front's new leg. One instance per image read (it unifies a connection's objects).
/// </summary>
internal sealed class ConnectionSurrogates
{
    private readonly Dictionary<ConnectionImage, RestoredEnd> _ends = new(ReferenceEqualityComparer.Instance);
    private readonly List<Action> _afterGraph = [];

    /// <summary>A reference for <paramref name="value"/> when it is over a fronted connection, else null.</summary>
    public static ConnectionReference? Substitute(object value) => value switch
    {
        TcpClient client when FrontedConnections.Of(client.Client) is { } c => Reference(c, ConnectionReference.ClientKind),
        Socket socket when FrontedConnections.Of(socket) is { } c => Reference(c, ConnectionReference.SocketKind),
        NetworkStream network when FrontedConnections.Of(network.Socket) is { } c => Reference(c, ConnectionReference.StreamKind),
        StreamReader { BaseStream: NetworkStream network } reader when FrontedConnections.Of(network.Socket) is { } c => Reader(c, reader),
        StreamWriter { BaseStream: NetworkStream network } writer when FrontedConnections.Of(network.Socket) is { } c => Writer(c, writer),
        _ => null,
    };

    private static ConnectionReference Reference(FrontedConnection c, int kind) => new() { Kind = kind, Connection = c.ImageForCapture() };

    private static ConnectionReference Reader(FrontedConnection c, StreamReader reader)
    {
        var reference = Reference(c, ConnectionReference.ReaderKind);
        reference.ReaderBytes = StreamReaderState.ReadAhead(reader)
            ?? throw new CaptureFailedException($"a StreamReader on front connection {c.Id} is inside a multi-byte character; it cannot be captured at this point");
        reference.CodePage = reader.CurrentEncoding.CodePage;
        return reference;
    }

    private static ConnectionReference Writer(FrontedConnection c, StreamWriter writer)
    {
        var reference = Reference(c, ConnectionReference.WriterKind);
        reference.WriterText = StreamWriterState.Pending(writer);
        reference.CodePage = writer.Encoding.CodePage;
        reference.AutoFlush = writer.AutoFlush;
        reference.NewLine = writer.NewLine;
        return reference;
    }

    /// <summary>
    /// The restored object for <paramref name="r"/>. Its connection image may not be read in full yet (the
    /// graph is read breadth-first): what depends on its fields waits for <see cref="GraphRead"/>.
    /// </summary>
    public object Resolve(ConnectionReference r)
    {
        if (!_ends.TryGetValue(r.Connection, out var end))
        {
            var (runtime, app) = LoopbackPair.Create();
            _ends[r.Connection] = end = new RestoredEnd(runtime, app);
        }
        switch (r.Kind)
        {
            case ConnectionReference.ClientKind:
                return end.App;
            case ConnectionReference.SocketKind:
                return end.App.Client;
            case ConnectionReference.StreamKind:
                return end.App.GetStream();
            case ConnectionReference.ReaderKind:
                end.Readers.Add(r);
                // Where it stopped is mid-stream: no byte order mark is looked for.
                return new StreamReader(end.App.GetStream(), ResourceSurrogates.EncodingFor(r.CodePage, false), detectEncodingFromByteOrderMarks: false);
            case ConnectionReference.WriterKind:
                var writer = new StreamWriter(end.App.GetStream(), ResourceSurrogates.EncodingFor(r.CodePage, false));
                _afterGraph.Add(() =>
                {
                    writer.NewLine = r.NewLine;
                    writer.Write(r.WriterText);
                    writer.AutoFlush = r.AutoFlush;
                });
                return writer;
            default:
                throw new ImageMismatchException($"unknown connection reference kind {r.Kind}");
        }
    }

    /// <summary>Every connection image is whole: the relays start (waiting for the front), the writers get their text back.</summary>
    public void GraphRead()
    {
        foreach (var (image, end) in _ends)
            FrontedConnections.Adopt(image, [.. end.Readers.SelectMany(r => r.ReaderBytes)], end.Runtime, end.App.Client);
        _ends.Clear();
        foreach (var action in _afterGraph) action();
        _afterGraph.Clear();
    }

    private sealed class RestoredEnd(Socket runtime, TcpClient app)
    {
        public Socket Runtime { get; } = runtime;
        public TcpClient App { get; } = app;
        public List<ConnectionReference> Readers { get; } = [];
    }
}
