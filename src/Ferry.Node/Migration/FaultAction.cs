namespace Ferry.Node.Migration;

/// <summary>What an injected fault does at its <see cref="FaultPoint"/>.</summary>
public enum FaultAction
{
    /// <summary>The step fails with an error, as an I/O failure would.</summary>
    Fail,

    /// <summary>The node process dies on the spot (SIGKILL), as a crashed or killed node would.</summary>
    Kill,

    /// <summary>
    /// The node stops at the point (the first time it passes it): it creates the file the setting names and waits
    /// until that file is gone (or five minutes pass). A test uses the pause to act while the move stands there — kill the other node, or cut
    /// the link between them — and then deletes the file to let the move go on against what it did.
    /// </summary>
    Pause,

    /// <summary>
    /// The next bundle this node sends has a byte flipped on the wire, as a corrupted stream would: the receiver's
    /// hash check must catch it. A point after which this node sends no bundle leaves the move unaffected.
    /// </summary>
    Corrupt,
}
