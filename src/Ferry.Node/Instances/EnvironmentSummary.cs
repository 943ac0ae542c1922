using Ferry.Environments.Definition;

namespace Ferry.Node.Instances;

/// <summary>What <c>ferry env ls</c> and <c>ferry env show</c> print about an environment (also as JSON; the node API sends it so).</summary>
public sealed record EnvironmentSummary(
    string Name,
    string Dir,
    DateTimeOffset Created,
    bool Ephemeral,
    string Hostname,
    string User,
    string Cwd,
    int ProcessId,
    IReadOnlyList<EnvironmentSummary.MappingRow> Mappings,
    IReadOnlyList<EnvironmentSummary.ExceptionRow> Exceptions,
    EnvironmentSummary.PolicyRow Policies,
    EnvironmentSummary.LimitRow Limits,
    IReadOnlyList<string> RunningInstances)
{
    public sealed record MappingRow(string Kind, string Inside, string? Outside, string? Mode, string Origin, DateTimeOffset Created);

    public sealed record ExceptionRow(string Kind, string Resource);

    public sealed record PolicyRow(bool DenyNetwork, bool DenyProcessStart, IReadOnlyList<string> DenyPaths);

    public sealed record LimitRow(long? MemoryBytes, double? Cpus, long? FileSizeBytes);

    /// <summary>An environment of this home, with the instances running in it now.</summary>
    public static EnvironmentSummary Of(LocalInstances instances, EnvironmentDefinition d) =>
        Of(d, instances.Environments.PathsOf(d.Name).Dir, InstanceEnvironments.RunningIn(instances, d.Name).Select(i => i.Id).ToList());

    public static EnvironmentSummary Of(EnvironmentDefinition d, string dir, IReadOnlyList<string> running) => new(
        d.Name,
        dir,
        d.Created,
        d.Ephemeral,
        d.MachineName,
        d.UserName,
        d.CurrentDirectory,
        d.ProcessId,
        d.Mappings.Select(m => new MappingRow(DefinitionNames.Of(m.Kind), m.Inside, m.Outside, m.Mode is { } mode ? DefinitionNames.Of(mode) : null, DefinitionNames.Of(m.Origin), m.Created)).ToList(),
        d.PassThroughs.Select(p => new ExceptionRow(DefinitionNames.Of(p.Kind), p.Resource)).ToList(),
        new PolicyRow(d.Policies.DenyNetwork, d.Policies.DenyProcessStart, d.Policies.DenyPaths),
        new LimitRow(d.Limits.MemoryBytes, d.Limits.Cpus, d.Limits.FileSizeBytes),
        running);
}
