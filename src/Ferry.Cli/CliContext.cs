using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Apps;
using Ferry.Cli.Logging;
using Ferry.Environments;
using Ferry.Environments.Storage;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Ferry.Cli;

/// <summary>What every command works with: FERRY_HOME and its instances, the terminal, logging.</summary>
internal sealed class CliContext : IDisposable
{
    public CliContext(FerryHome home)
    {
        Home = home;
        Store = new InstanceStore(home);
        // Library diagnostics (e.g. the weaver's) on stderr, one line each; FERRY_LOG=information shows more.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("FERRY_LOG"), ignoreCase: true, out var l) ? l : LogLevel.Warning;
        Loggers = new DeferredLoggerFactory(level, () => LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(level)));
        Cache = new WovenAppCache(home, Loggers);
        Environments = new EnvironmentStore(home, Loggers.CreateLogger<EnvironmentStore>());
    }

    public FerryHome Home { get; }
    public InstanceStore Store { get; }
    public WovenAppCache Cache { get; }
    public EnvironmentStore Environments { get; }
    public ILoggerFactory Loggers { get; }

    /// <summary>True when stdout is a terminal: tables and progress then; plain text otherwise.</summary>
    public bool IsTerminal => !Console.IsOutputRedirected;

    /// <summary>Spectre.Console for terminal output.</summary>
    public IAnsiConsole Ansi => AnsiConsole.Console;

    /// <summary>The instance named by an id, unique id prefix or name; a CliException naming <paramref name="what"/> otherwise.</summary>
    public InstanceInfo Resolve(string query, string what)
    {
        try
        {
            return Store.Resolve(query);
        }
        catch (InstanceLookupException e)
        {
            throw new CliException(what, e.Message);
        }
    }

    /// <summary>Run <paramref name="body"/>; an EnvironmentException becomes a CliException naming <paramref name="what"/>.</summary>
    public T WithEnvironments<T>(string what, Func<EnvironmentStore, T> body)
    {
        try
        {
            return body(Environments);
        }
        catch (EnvironmentException e)
        {
            throw new CliException(what, e.Message);
        }
    }

    public void Dispose() => Loggers.Dispose();
}
