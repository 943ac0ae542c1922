using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Connections;

/// <summary>
/// A connected pair of loopback TCP sockets, made through a private listener of the runtime: the app's end
/// is a real accepted TcpClient (everything the app asks of it works as on any connection), the runtime's
/// end is relayed to the front's leg — which can be replaced under the app when the instance moves.
/// </summary>
internal static class LoopbackPair
{
    private static readonly Lock s_gate = new();
    private static Socket? s_listener;

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern TcpClient AcceptedClient(Socket acceptedSocket);

    /// <summary>A new pair: the runtime's end and the app's (as TcpListener.AcceptTcpClient would hand it out).</summary>
    public static (Socket Runtime, TcpClient App) Create()
    {
        lock (s_gate)
        {
            if (s_listener is null)
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(16);
                s_listener = listener;
            }
            var runtime = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                runtime.Connect(s_listener.LocalEndPoint!);
                // One connect at a time under the gate: the next accepted socket is this one's peer.
                var app = s_listener.Accept();
                app.NoDelay = true;
                return (runtime, AcceptedClient(app));
            }
            catch
            {
                runtime.Dispose();
                throw;
            }
        }
    }
}
