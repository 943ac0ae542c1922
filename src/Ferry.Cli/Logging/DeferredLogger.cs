using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Logging;

/// <summary>A category's logger from <see cref="DeferredLoggerFactory"/>: answers IsEnabled from the level alone, and makes the real logger on its first message.</summary>
internal sealed class DeferredLogger(DeferredLoggerFactory factory, string category) : ILogger
{
    private ILogger? _real;

    private ILogger Real => _real ??= factory.Real.CreateLogger(category);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory.Minimum;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Real.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Real.Log(logLevel, eventId, state, exception, formatter);
    }
}
