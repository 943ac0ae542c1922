using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ferry.Bench.Migration;

/// <summary>
/// What a plain TCP copy achieves on loopback right now (same machine, same load as the moves it is compared
/// with): 256 MiB in 1 MiB writes to a reader thread. The lower bound of a move's transfer is bytes ÷ this.
/// </summary>
public static class LoopbackBandwidth
{
    private const int Chunk = 1 << 20;
    private const long Bytes = 256L << 20;

    /// <summary>Bytes per second.</summary>
    public static double Measure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        long received = 0;
        var reader = new Thread(() =>
        {
            using var server = listener.AcceptTcpClient();
            using var stream = server.GetStream();
            var buffer = new byte[Chunk];
            int n;
            while ((n = stream.Read(buffer)) > 0) received += n;
        });
        reader.Start();
        var clock = Stopwatch.StartNew();
        using (var client = new TcpClient(IPAddress.Loopback.ToString(), port))
        using (var stream = client.GetStream())
        {
            var buffer = new byte[Chunk];
            Random.Shared.NextBytes(buffer);
            for (long sent = 0; sent < Bytes; sent += Chunk) stream.Write(buffer);
        }
        reader.Join();
        var seconds = clock.Elapsed.TotalSeconds;
        if (received != Bytes) throw new IOException($"loopback copy received {received} of {Bytes} bytes");
        return Bytes / seconds;
    }
}
