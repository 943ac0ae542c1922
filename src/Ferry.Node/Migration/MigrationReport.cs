using System.Text.Json.Serialization;

namespace Ferry.Node.Migration;

/// <summary>
/// What a completed move did (<c>ferry migrate --json</c> prints it): the phases' times, the bytes sent, and the
/// pause — from the app's freeze on the source to its running on the target.
/// </summary>
public sealed record MigrationReport
{
    /// <summary>The instance moved, or for a clone the new instance.</summary>
    public required string Instance { get; init; }

    /// <summary>A clone's primary (the instance it was cloned from); null for a move.</summary>
    public string? ClonedFrom { get; init; }
    public required string Name { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }

    /// <summary>The epoch the target owns the instance at.</summary>
    public long Epoch { get; init; }

    /// <summary>Milliseconds per phase (<see cref="MigrationPhase"/> names, lower case).</summary>
    public Dictionary<string, double> PhaseMs { get; init; } = [];

    /// <summary>App bundle bytes sent (0 when the target had it).</summary>
    public long AppBytesSent { get; init; }

    /// <summary>State bytes sent: image, output log and environment.</summary>
    public long StateBytesSent { get; init; }
    public long ImageBytes { get; init; }

    /// <summary>A move: app stopped on the source → running on the target. A clone: how long the primary was stopped.</summary>
    public double PauseMs { get; init; }

    /// <summary>A clone: the primary's freeze → the clone running on the target.</summary>
    public double? TimeToRunningMs { get; init; }
    public double TotalMs { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MigrationReport))]
[JsonSerializable(typeof(List<MigrationReport>))]
public sealed partial class MigrationJsonContext : JsonSerializerContext;
