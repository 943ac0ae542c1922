using Ferry.Runtime.Connections;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Stands in an image for an object over a fronted connection: its TcpClient (Kind 1), Socket (2),
/// NetworkStream (3), a StreamReader (4, with the bytes it had read ahead) or StreamWriter (5, with the text
/// it had not flushed). Every reference to one connection shares its <see cref="ConnectionImage"/>.
/// </summary>
public sealed class ConnectionReference
{
    public const int ClientKind = 1, SocketKind = 2, StreamKind = 3, ReaderKind = 4, WriterKind = 5;

    public int Kind;
    public ConnectionImage Connection = null!;

    /// <summary>Reader: read from the socket, not yet returned to the app (re-encoded).</summary>
    public byte[] ReaderBytes = [];

    /// <summary>Writer: written by the app, not flushed yet.</summary>
    public string WriterText = "";
    public int CodePage;
    public bool AutoFlush;
    public string NewLine = "\n";
}
