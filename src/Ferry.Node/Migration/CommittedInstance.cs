using Ferry.Abstractions.Control;

namespace Ferry.Node.Migration;

/// <summary>A commit's outcome on the target: where the instance listens behind the front, and whether a standby host's go started it (else a restore).</summary>
public sealed record CommittedInstance(IReadOnlyList<FrontedListener> Listeners, bool Warm);
