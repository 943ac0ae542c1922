namespace Ferry.Abstractions.Instances;

/// <summary>
/// The metadata of one instance (<c>instance.json</c> in its directory). The CLI creates it; from then
/// on only the instance's host writes it, until the host is gone.
/// </summary>
public sealed record InstanceInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>The app's main assembly as the user named it (absolute path).</summary>
    public required string App { get; init; }

    /// <summary>The woven copy the host actually loads.</summary>
    public string? WovenApp { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];
    public InstanceState State { get; init; }
    public bool Detached { get; init; }

    /// <summary>The host's process id, and its start time (to tell a reused pid from ours).</summary>
    public int? Pid { get; init; }
    public long? PidStartTime { get; init; }

    public int? ExitCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The environment the app runs in (a name under <c>$FERRY_HOME/envs</c>), if any.</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>The image this instance was restored from, if it was.</summary>
    public string? RestoredFrom { get; init; }

    /// <summary>
    /// The node whose front serves this instance's published ports (its clients connect there, wherever the
    /// instance runs); null when the app binds them itself.
    /// </summary>
    public string? FrontNode { get; init; }

    /// <summary>The instance this one was cloned from (<c>ferry scale</c>), if it was.</summary>
    public string? ClonedFrom { get; init; }

    /// <summary>The node this instance last moved (or was cloned) here from, if it did.</summary>
    public string? MovedFrom { get; init; }

    /// <summary>Why the instance failed or was lost, one line.</summary>
    public string? Error { get; init; }

    /// <summary>True once nothing will run in this instance any more.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasEnded => State is InstanceState.Exited or InstanceState.Checkpointed or InstanceState.Killed
        or InstanceState.Failed or InstanceState.Lost;
}
