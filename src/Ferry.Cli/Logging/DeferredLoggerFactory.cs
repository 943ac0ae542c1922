using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Logging;

/// <summary>
/// An <see cref="ILoggerFactory"/> that builds the real one (console logging, with its dependency-injection
/// container and options) only when a message at an enabled level is actually written. Most CLI calls log
/// nothing, and building the console factory was a large part of every call's start-up.
/// </summary>
internal sealed class DeferredLoggerFactory(LogLevel minimum, Func<ILoggerFactory> create) : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _real = new(create);

    public LogLevel Minimum => minimum;

    /// <summary>The real factory, built now if it was not yet.</summary>
    public ILoggerFactory Real => _real.Value;

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => Real.AddProvider(provider);

    public void Dispose()
    {
        if (_real.IsValueCreated) _real.Value.Dispose();
    }
}
