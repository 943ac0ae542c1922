namespace Ferry.Node.Migration;

/// <summary>
/// The points of a move where a fault can be injected (<see cref="FaultInjector"/>), in the order a move passes
/// them. Tests switch one on with <c>FERRY_FAULT=&lt;point&gt;:&lt;action&gt;</c> in a node's environment and check
/// that afterwards exactly one instance runs with its state intact.
/// </summary>
public enum FaultPoint
{
    /// <summary>Source: the app bundle is on the target; the app has not been stopped.</summary>
    AfterPrepare,

    /// <summary>Source: pre-copy's base round is on the target; the app runs, tracking its writes.</summary>
    AfterBaseRound,

    /// <summary>Source: the pre-copy rounds converged and are on the target; the app has not been stopped.</summary>
    AfterRounds,

    /// <summary>Source: the app is frozen and its image written (held: the source can still resume).</summary>
    AfterCheckpoint,

    /// <summary>Source: the state (image, log, environment) is on the target.</summary>
    AfterTransfer,

    /// <summary>Target: the instance is adopted (environment imported, app woven), not started.</summary>
    AfterAdopt,

    /// <summary>Source: ownership at epoch + 1 is recorded as the target's; the commit is not sent yet.</summary>
    AfterHandover,

    /// <summary>Target: the commit arrived and the ownership is recorded here; the host is not started yet.</summary>
    BeforeStart,

    /// <summary>Target: the instance runs; the commit's reply is not sent yet.</summary>
    AfterStart,

    /// <summary>Source: the target confirmed; the held source app is not ended yet.</summary>
    BeforeRelease,
}
