using Ferry.Abstractions.Instances;
using Ferry.Environments.Definition;

namespace Ferry.Node.Instances;

/// <summary>
/// The environment an instance runs in: the one named by <c>--env</c> (checked: it exists, and its published
/// host ports are not published by a running instance already), or a fresh private one made for the instance
/// (<c>inst-ID</c>, removed by <c>ferry rm</c> with the last instance that uses it: a restore continues in it).
/// </summary>
public static class InstanceEnvironments
{
    public const string EphemeralPrefix = "inst-";

    public static string EphemeralName(string instanceId) => EphemeralPrefix + instanceId;

    /// <summary>Instances whose host still runs in <paramref name="environment"/>.</summary>
    public static IReadOnlyList<InstanceInfo> RunningIn(LocalInstances context, string environment) =>
        context.Store.List().Where(i => !i.HasEnded && i.EnvironmentName == environment).ToList();

    /// <summary>Refuse <c>--env NAME</c> when it does not exist or publishes a host port a running instance already publishes.</summary>
    public static void CheckUsable(LocalInstances context, string what, string environment)
    {
        var definition = context.WithEnvironments(what, store => store.Read(environment));
        var ours = definition.PublishedPorts.Values.ToHashSet();
        if (ours.Count == 0) return;
        foreach (var other in context.Store.List().Where(i => !i.HasEnded && i.EnvironmentName is not null))
        {
            EnvironmentDefinition theirs;
            try
            {
                theirs = context.Environments.Read(other.EnvironmentName!);
            }
            catch (Ferry.Environments.EnvironmentException)
            {
                continue; // removed meanwhile: publishes nothing
            }
            foreach (var port in theirs.PublishedPorts.Values.Where(ours.Contains).Order())
                throw new InstanceOperationException(what, $"host port {port} is already published by running instance {other.Id} (environment \"{other.EnvironmentName}\"); stop it or publish another port");
        }
    }

    /// <summary>Make the private environment of a new instance: the app directory seen copy-on-write at /app (nothing copied).</summary>
    public static string CreateEphemeral(LocalInstances context, string what, InstanceInfo instance, string appDirectory)
    {
        try
        {
            context.WithEnvironments(what, store => store.Create(new EnvironmentSpec
            {
                Name = instance.EnvironmentName!,
                AppOverlay = appDirectory,
                Ephemeral = true,
            }));
        }
        catch
        {
            context.Store.Remove(instance.Id);
            throw;
        }
        return context.Environments.PathsOf(instance.EnvironmentName!).Dir;
    }

    /// <summary>After an instance is removed: its own environment goes with it; a named one stays.</summary>
    public static void RemoveEphemeral(LocalInstances context, InstanceInfo instance)
    {
        if (instance.EnvironmentName is not { } name || !name.StartsWith(EphemeralPrefix, StringComparison.Ordinal) || !context.Environments.Exists(name)) return;
        if (!context.Environments.Read(name).Ephemeral) return;
        // A restore continues in the environment its image ran in: it goes with the last instance using it.
        if (context.Store.List().Any(i => i.Id != instance.Id && i.EnvironmentName == name)) return;
        context.Environments.Remove(name);
    }
}
