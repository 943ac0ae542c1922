using Ferry.Environments.Definition;

namespace Ferry.Cli.Output;

/// <summary>What <c>ferry env ls</c> and <c>ferry env show</c> print about an environment (also as JSON).</summary>
internal sealed record EnvironmentSummary(
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
    internal sealed record MappingRow(string Kind, string Inside, string? Outside, string? Mode, string Origin, DateTimeOffset Created);

    internal sealed record ExceptionRow(string Kind, string Resource);

    internal sealed record PolicyRow(bool DenyNetwork, bool DenyProcessStart, IReadOnlyList<string> DenyPaths);

    internal sealed record LimitRow(long? MemoryBytes, double? Cpus, long? FileSizeBytes);

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
