using Microsoft.Extensions.Logging;

namespace Ferry.Host.Logging;

/// <summary>
/// The host's diagnostics go to the instance's host.log, never to the console: the console belongs to
/// the app (and, detached, there is no terminal at all).
/// </summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    internal void Append(string line)
    {
        lock (_lock)
        {
            try
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                // Diagnostics must never take the instance down. A file-size limit past which the kernel
                // refuses writes (EFBIG) surfaces from .NET as ArgumentOutOfRangeException.
            }
        }
    }

    public void Dispose()
    {
    }
}
