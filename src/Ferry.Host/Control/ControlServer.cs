using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Microsoft.Extensions.Logging;

namespace Ferry.Host.Control;

/// <summary>
/// The host's control channel: a Unix domain socket in the instance directory, one request line and one
/// response line per connection (see <see cref="ControlRequest"/>). Each connection is served on its own
/// background thread, so a status question is answered while a checkpoint runs.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    /// <summary>Longest request line accepted; requests are tiny.</summary>
    private const int MaxRequestBytes = 64 * 1024;

    /// <summary>Unix domain socket paths are limited by sockaddr_un (108 bytes including the terminator).</summary>
    public const int MaxSocketPathBytes = 107;

    private readonly string _path;
    private readonly Func<ControlRequest, ControlReply> _handle;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly object _sync = new();
    private int _serving;

    /// <summary>
    /// How long <see cref="Dispose"/> waits for requests being served to send their answers: the app can end while
    /// a checkpoint of it fails (the app went on meanwhile), and the process must not exit before the caller hears why.
    /// </summary>
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(10);

    private ControlServer(string path, Func<ControlRequest, ControlReply> handle, ILogger logger, Socket listener)
    {
        _path = path;
        _handle = handle;
        _logger = logger;
        _listener = listener;
    }

    /// <summary>Bind the socket (replacing a stale one) and start accepting.</summary>
    public static ControlServer Start(string path, Func<ControlRequest, ControlReply> handle, ILogger logger)
    {
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
            throw new IOException($"the control socket path {path} is longer than {MaxSocketPathBytes} bytes; use a shorter FERRY_HOME");
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new ControlServer(path, handle, logger, listener);
        new Thread(server.AcceptLoop) { IsBackground = true, Name = "ferry-control" }.Start();
        return server;
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // disposed: the host is ending
            }
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "ferry-control-client" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        lock (_sync) _serving++;
        Action? afterSent = null;
        try
        {
            afterSent = Answer(connection);
        }
        finally
        {
            lock (_sync)
            {
                _serving--;
                Monitor.PulseAll(_sync);
            }
        }
        afterSent?.Invoke();
    }

    /// <summary>Read the request, handle it, send the response; what to do once it is sent.</summary>
    private Action? Answer(Socket connection)
    {
        Action? afterSent = null;
        using (connection)
        using (var stream = new NetworkStream(connection, ownsSocket: false))
        {
            ControlResponse response;
            try
            {
                var line = ReadLine(stream);
                var request = line is null ? null : JsonSerializer.Deserialize(line, FerryJsonContext.Default.ControlRequest);
                if (request is null)
                {
                    response = ControlResponse.Failure("empty request");
                }
                else
                {
                    _logger.LogInformation("control request: {Op}", request.Op);
                    var reply = _handle(request);
                    response = reply.Response;
                    afterSent = reply.AfterSent;
                }
            }
            catch (JsonException e)
            {
                response = ControlResponse.Failure($"malformed request: {e.Message}");
            }
            catch (Exception e)
            {
                _logger.LogError(e, "control request failed");
                response = ControlResponse.Failure(e.Message.ReplaceLineEndings(" "));
            }
            try
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(response, FerryJsonContext.Default.ControlResponse);
                stream.Write(bytes);
                stream.WriteByte((byte)'\n');
                stream.Flush();
                connection.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                _logger.LogWarning("could not send the control response: {Message}", e.Message);
            }
        }
        return afterSent;
    }

    private static byte[]? ReadLine(Stream stream)
    {
        var buffer = new MemoryStream();
        while (buffer.Length < MaxRequestBytes)
        {
            var b = stream.ReadByte();
            if (b < 0) break;
            if (b == '\n') return buffer.ToArray();
            buffer.WriteByte((byte)b);
        }
        if (buffer.Length >= MaxRequestBytes) throw new InvalidDataException("request line too long");
        return buffer.Length == 0 ? null : buffer.ToArray();
    }

    /// <summary>Stop accepting; wait (a bounded time) until the requests being served have been answered.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        var deadline = DateTime.UtcNow + s_drainTimeout;
        lock (_sync)
            while (_serving > 0 && DateTime.UtcNow < deadline)
                Monitor.Wait(_sync, TimeSpan.FromMilliseconds(50));
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }
}
