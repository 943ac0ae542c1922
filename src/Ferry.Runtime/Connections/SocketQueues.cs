using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ferry.Runtime.Connections;

/// <summary>
/// What the kernel still holds for a TCP socket: bytes written but not yet acknowledged by the peer
/// (SIOCOUTQ), and a way to make the peer acknowledge at once (TCP_QUICKACK) — so a frozen connection's
/// counters are exact, with nothing left in flight between the app's socket and the runtime's.
/// </summary>
internal static partial class SocketQueues
{
    private const nuint SiocOutQ = 0x5411; // TIOCOUTQ
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, out int value);

    /// <summary>Bytes written on <paramref name="socket"/> its peer has not acknowledged yet (-1 if unknown).</summary>
    public static int Unacknowledged(Socket socket)
    {
        var added = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref added);
            return ioctl((int)socket.SafeHandle.DangerousGetHandle(), SiocOutQ, out var value) == 0 ? value : -1;
        }
        finally
        {
            if (added) socket.SafeHandle.DangerousRelease();
        }
    }

    /// <summary>Send any acknowledgement <paramref name="socket"/> holds back (delayed ACK) now.</summary>
    public static void AcknowledgeNow(Socket socket)
    {
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
        }
    }
}
