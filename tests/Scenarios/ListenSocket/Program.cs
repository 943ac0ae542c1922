// A TCP listener on a loopback port held across safe points: an acceptor thread waits for clients
// (a safe point), each client gets a handler thread, and a client thread exchanges lines with it over
// blocking sockets. Between rounds only the listener is open, and the image re-binds it; a checkpoint
// while a connection is open is refused with one line (connections are not captured).
using System.Net;
using System.Net.Sockets;

namespace ListenSocket;

internal static class Program
{
    private const int Rounds = 4;
    private const int LinesPerRound = 3;
    private static readonly List<string> s_replies = new();
    private static int s_handled;

    private static int Main()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Console.WriteLine("listening");

        var acceptor = new Thread(() => Accept(listener));
        acceptor.Start();

        for (var round = 0; round < Rounds; round++)
        {
            // Work between rounds: only the listener is open here.
            var sum = 0;
            for (var k = 0; k < 6; k++) sum += Square(k + round);
            Console.WriteLine($"round {round}: work {sum}");

            var r = round;
            var client = new Thread(() => Talk(port, r));
            client.Start();
            client.Join();
            lock (s_replies)
            {
                Console.WriteLine($"round {round}: {string.Join(" | ", s_replies)}");
                s_replies.Clear();
            }
        }
        acceptor.Join();
        listener.Stop();

        if (s_handled != Rounds) return Fail(11, $"handled {s_handled} clients");
        Console.WriteLine($"handled {s_handled} clients");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Square(int x) => x * x;

    private static void Accept(TcpListener listener)
    {
        for (var c = 0; c < Rounds; c++)
        {
            var client = listener.AcceptTcpClient();
            var handler = new Thread(() => Handle(client));
            handler.Start();
            handler.Join();
        }
    }

    private static void Handle(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream);
            var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
            string? line;
            while ((line = reader.ReadLine()) is not null)
                writer.WriteLine("echo " + line.ToUpperInvariant());
            Interlocked.Increment(ref s_handled);
        }
    }

    private static void Talk(int port, int round)
    {
        using var client = new TcpClient("127.0.0.1", port);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        for (var i = 0; i < LinesPerRound; i++)
        {
            writer.WriteLine($"r{round}-m{i}");
            var reply = reader.ReadLine();
            lock (s_replies) s_replies.Add(reply ?? "<closed>");
        }
        client.Client.Shutdown(SocketShutdown.Send);
        // Wait for the handler to see the end and close its side.
        while (reader.ReadLine() is not null)
        {
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
