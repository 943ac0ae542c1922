using System.Net.Sockets;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;

namespace Ferry.Node.Instances;

/// <summary>Talks to a host's control socket: one request line, one response line.</summary>
public static class ControlClient
{
    /// <summary>Send <paramref name="request"/> and wait up to <paramref name="timeout"/> for the answer. Throws IOException when the host cannot be reached or does not answer.</summary>
    public static ControlResponse Send(string socketPath, ControlRequest request, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            throw new IOException($"its host does not answer on {socketPath} ({e.SocketErrorCode})", e);
        }
        socket.ReceiveTimeout = socket.SendTimeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        stream.Write(JsonSerializer.SerializeToUtf8Bytes(request, FerryJsonContext.Default.ControlRequest));
        stream.WriteByte((byte)'\n');
        stream.Flush();
        var line = new MemoryStream();
        try
        {
            int b;
            while ((b = stream.ReadByte()) >= 0 && b != '\n') line.WriteByte((byte)b);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            throw new IOException($"no answer from its host within {timeout.TotalSeconds:0.#} s", e);
        }
        if (line.Length == 0) throw new IOException("its host closed the connection without answering");
        return JsonSerializer.Deserialize(line.ToArray(), FerryJsonContext.Default.ControlResponse)
            ?? throw new IOException("its host sent an empty answer");
    }
}
