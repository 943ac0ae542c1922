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

    /// <summary>State bytes sent: image (the final round after a pre-copy), output log and environment.</summary>
    public long StateBytesSent { get; init; }
    /// <summary>The image's bytes: after a pre-copy, every round's and the final round's.</summary>
    public long ImageBytes { get; init; }

    /// <summary><see cref="MigrationModes.PreCopy"/> or <see cref="MigrationModes.StopAndCopy"/>.</summary>
    public string Mode { get; init; } = MigrationModes.StopAndCopy;

    /// <summary>Why the move ran stop-and-copy (the app cannot be pre-copied); null after a pre-copy.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>The rounds sent while the app ran (the base round first); after a pre-copy given up (see <see cref="FallbackReason"/>), those sent before.</summary>
    public List<RoundReport> Rounds { get; init; } = [];

    /// <summary>A pre-copy: which stopping rule ended the rounds.</summary>
    public string? RoundsEnded { get; init; }

    /// <summary>A pre-copy: the final round's bytes (written while the app was stopped); otherwise the whole image's.</summary>
    public long FinalRoundBytes { get; init; }

    /// <summary>The target's standby host took it over at the go (docs/migration.md, "Warm target"); false: a new host restored it.</summary>
    public bool WarmTarget { get; init; }

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
