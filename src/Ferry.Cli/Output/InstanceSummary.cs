using Ferry.Abstractions.Instances;

namespace Ferry.Cli.Output;

/// <summary>One row of <c>ferry ps</c> (and of <c>ps --json</c>).</summary>
internal sealed record InstanceSummary(
    string Id,
    string Name,
    InstanceState State,
    int? Pid,
    int? ExitCode,
    double? UptimeSeconds,
    string App,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? RestoredFrom,
    string? Error,
    string? Environment,
    string? ClonedFrom,
    string? MovedFrom,
    string? FrontNode,
    string? Node = null)
{
    /// <param name="node">The node it runs on (null: this home, no node running).</param>
    public static InstanceSummary Of(InstanceInfo info, DateTimeOffset now, string? node = null) => new(
        info.Id,
        info.Name,
        info.State,
        info.State is InstanceState.Running or InstanceState.Created ? info.Pid : null,
        info.ExitCode,
        info.State == InstanceState.Running && info.StartedAt is { } started ? Math.Round((now - started).TotalSeconds, 3) : null,
        info.App,
        info.CreatedAt,
        info.StartedAt,
        info.EndedAt,
        info.RestoredFrom,
        info.Error,
        info.EnvironmentName,
        info.ClonedFrom,
        info.MovedFrom,
        info.FrontNode,
        node);

    /// <summary>Where the instance came from, as ps shows it: "clone of ID", "from NODE", or "-".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string OriginText => ClonedFrom is { } primary ? $"clone of {primary}" : MovedFrom is { } node ? $"from {node}" : "-";

    /// <summary>The state as ps shows it: "running", "exited (3)", "checkpointed", ...</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string StateText => State switch
    {
        InstanceState.Exited => $"exited ({ExitCode})",
        _ => InstanceStateNames.Of(State),
    };
}
