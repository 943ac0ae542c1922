namespace Ferry.Node.Migration;

/// <summary>The phases of a move, in order (one state machine for migrate; clone will reuse it).</summary>
public enum MigrationPhase
{
    /// <summary>Target reachable, app bundle there (sent only if missing).</summary>
    Prepare,

    /// <summary>
    /// Pre-copy: the heap in rounds while the app runs (base, then what it changed since), each sent to the target
    /// as it is written, until they converge. Skipped (stop-and-copy) for an app woven without write barriers.
    /// </summary>
    Precopy,

    /// <summary>The app frozen at the barrier and its image (after a pre-copy: the final round) written; held on the source.</summary>
    Checkpoint,

    /// <summary>Image, output log and environment packed and sent to the target.</summary>
    Transfer,

    /// <summary>The target takes the instance in, ready to start.</summary>
    Adopt,

    /// <summary>Ownership at epoch + 1 recorded as the target's, the target starts the instance.</summary>
    Handover,

    /// <summary>The source's held app ends; the move is complete.</summary>
    Release,
}
