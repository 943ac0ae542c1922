namespace Ferry.Abstractions.Instances;

/// <summary>What an instance is doing, as recorded in its instance.json.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(InstanceStateJsonConverter))]
public enum InstanceState
{
    /// <summary>The CLI made the instance; its host has not reported yet.</summary>
    Created,
    Running,
    /// <summary>The app ended by itself (its exit code is recorded).</summary>
    Exited,
    /// <summary>Stopped after a checkpoint wrote its image.</summary>
    Checkpointed,
    /// <summary>Ended by <c>ferry kill</c> or a signal.</summary>
    Killed,
    /// <summary>The host could not start the app (the reason is recorded).</summary>
    Failed,
    /// <summary>Not stored: the host process is gone without having recorded an end.</summary>
    Lost,
}
