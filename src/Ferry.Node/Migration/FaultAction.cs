namespace Ferry.Node.Migration;

/// <summary>What an injected fault does at its <see cref="FaultPoint"/>.</summary>
public enum FaultAction
{
    /// <summary>The step fails with an error, as an I/O failure would.</summary>
    Fail,

    /// <summary>The node process dies on the spot (SIGKILL), as a crashed or killed node would.</summary>
    Kill,
}
