using Ferry.Abstractions.Instances;

namespace Ferry.Node.Instances;

/// <summary>Forgets ended instances (<c>ferry rm</c>, here or through the node API): record, log and private environment.</summary>
public static class InstanceRemover
{
    /// <summary>Refuse a running instance unless <paramref name="force"/> (checked for every instance before any is removed).</summary>
    public static void CheckRemovable(InstanceInfo instance, bool force, string what)
    {
        if (!instance.HasEnded && !force)
            throw new InstanceOperationException(what, $"instance {instance.Id} is running (stop it with ferry kill, or use rm -f)");
    }

    /// <summary>Remove <paramref name="instance"/>, killing it first if it runs (the caller checked <see cref="CheckRemovable"/>).</summary>
    public static void Remove(LocalInstances instances, InstanceInfo instance, string what)
    {
        if (!instance.HasEnded) InstanceKiller.Kill(instances, instance, what);
        instances.Store.Remove(instance.Id);
        InstanceEnvironments.RemoveEphemeral(instances, instance);
    }
}
