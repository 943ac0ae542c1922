using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Environments;
using Ferry.Environments.Storage;
using Ferry.Node.Apps;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Instances;

/// <summary>
/// The instances and environments of one Ferry home (this host): their records, the woven-app cache and the
/// environment store. Every instance operation works through one of these — the CLI's local commands and
/// the node's API alike — so there is one place that starts, checkpoints and ends hosts.
/// </summary>
public sealed class LocalInstances(FerryHome home, ILoggerFactory loggers)
{
    public FerryHome Home { get; } = home;
    public InstanceStore Store { get; } = new(home);
    public WovenAppCache Cache { get; } = new(home, loggers);
    public EnvironmentStore Environments { get; } = new(home, loggers.CreateLogger<EnvironmentStore>());
    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>
    /// Where a warning about an instance goes (one line, e.g. "sandbox unavailable … running with interception
    /// only"): the CLI prints it on stderr, a node logs it. Never dropped: running without the sandbox must be said.
    /// </summary>
    public Action<string> Warn { get; init; } = LogWarning(loggers.CreateLogger<LocalInstances>());

    private static Action<string> LogWarning(ILogger log) => warning => log.LogWarning("{Warning}", warning);

    /// <summary>The instance named by an id, unique id prefix or name.</summary>
    /// <exception cref="InstanceOperationException">none matches, or more than one does</exception>
    public InstanceInfo Resolve(string query, string what)
    {
        try
        {
            return Store.Resolve(query);
        }
        catch (InstanceLookupException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
    }

    /// <summary>Run <paramref name="body"/>; an EnvironmentException becomes an InstanceOperationException naming <paramref name="what"/>.</summary>
    public T WithEnvironments<T>(string what, Func<EnvironmentStore, T> body)
    {
        try
        {
            return body(Environments);
        }
        catch (EnvironmentException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
    }
}
