using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Logging;
using Ferry.Environments.Storage;
using Ferry.Node.Apps;
using Ferry.Node.Instances;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Ferry.Cli;

/// <summary>What every command works with: FERRY_HOME and its instances, the terminal, logging.</summary>
internal sealed class CliContext : IDisposable
{
    public CliContext(FerryHome home)
    {
        Home = home;
        // Library diagnostics (e.g. the weaver's) on stderr, one line each; FERRY_LOG=information shows more.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("FERRY_LOG"), ignoreCase: true, out var l) ? l : LogLevel.Warning;
        Loggers = new DeferredLoggerFactory(level, () => LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(level)));
        // Warnings about an instance (no sandbox here, …) are for the user who started it: one line on stderr.
        Instances = new LocalInstances(home, Loggers) { Warn = warning => Console.Error.WriteLine($"ferry: warning: {warning}") };
    }

    public FerryHome Home { get; }

    /// <summary>This home's instances: every instance operation goes through it (as the node's do).</summary>
    public LocalInstances Instances { get; }
    public InstanceStore Store => Instances.Store;
    public WovenAppCache Cache => Instances.Cache;
    public EnvironmentStore Environments => Instances.Environments;
    public ILoggerFactory Loggers { get; }

    /// <summary>True when stdout is a terminal: tables and progress then; plain text otherwise.</summary>
    public bool IsTerminal => !Console.IsOutputRedirected;

    /// <summary>Spectre.Console for terminal output.</summary>
    public IAnsiConsole Ansi => AnsiConsole.Console;

    /// <summary>The instance named by an id, unique id prefix or name.</summary>
    public InstanceInfo Resolve(string query, string what) => Instances.Resolve(query, what);

    /// <summary>Run <paramref name="body"/>; an EnvironmentException becomes a one-line error naming <paramref name="what"/>.</summary>
    public T WithEnvironments<T>(string what, Func<EnvironmentStore, T> body) => Instances.WithEnvironments(what, body);

    /// <summary>Start a prepared instance: in the foreground (the app's exit code) or detached (prints its id).</summary>
    public int Start(HostLaunch launch, bool detach)
    {
        var code = new InstanceStarter(Instances).Start(launch, detach);
        if (detach) Console.WriteLine(launch.Instance.Id);
        return code;
    }

    public void Dispose() => Loggers.Dispose();
}
