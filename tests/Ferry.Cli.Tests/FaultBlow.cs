namespace Ferry.Cli.Tests;

/// <summary>What the fault matrix does to a move standing at a fault point.</summary>
public enum FaultBlow
{
    /// <summary>The source node is SIGKILLed there, then started again.</summary>
    KillSource,

    /// <summary>The target node is SIGKILLed there, then started again.</summary>
    KillTarget,

    /// <summary>The link between the nodes goes down there (the veth to the target's namespace), and up once the move has ended.</summary>
    CutLink,

    /// <summary>The faulted node flips a byte in the next bundle it sends.</summary>
    CorruptStream,
}
