using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Node.Tests;

/// <summary>An ordinary line-echo server (no Ferry preamble): what an app behind the front is without Ferry.</summary>
internal sealed class LineEchoServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LineEchoServer(string? name = null, bool closeAfterFirstLine = false)
    {
        _listener.Start();
        new Thread(() =>
        {
            while (true)
            {
                Socket socket;
                try { socket = _listener.AcceptSocket(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
                new Thread(() =>
                {
                    using var s = socket;
                    using var stream = new NetworkStream(s);
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    try
                    {
                        while (reader.ReadLine() is { } line)
                        {
                            stream.Write(Encoding.ASCII.GetBytes((name is null ? "" : name + ": ") + "echo " + line + "\n"));
                            if (closeAfterFirstLine) return;
                        }
                    }
                    catch (IOException) { }
                }) { IsBackground = true }.Start();
            }
        }) { IsBackground = true }.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Dispose() => _listener.Stop();
}
